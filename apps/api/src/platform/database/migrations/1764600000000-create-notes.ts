import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The example owned resource: a plaintext title and an encrypted body (bound to its row, so a
 * value copied into another row does not decrypt). The CHECKs are the backstop for writes that
 * bypass the ORM: no plaintext body, no title the API would refuse.
 */
export class CreateNotes1764600000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notes (
        id uuid PRIMARY KEY,
        owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        title text NOT NULL CONSTRAINT notes_title_length CHECK (char_length(title) BETWEEN 1 AND 200),
        body_encrypted text NOT NULL CONSTRAINT notes_body_encrypted_format CHECK (body_encrypted LIKE 'ef1:%'),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Every query filters on the owner; the default listing is by creation time.
    await queryRunner.query(`CREATE INDEX notes_by_owner ON notes (owner_id, created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE notes');
  }
}
