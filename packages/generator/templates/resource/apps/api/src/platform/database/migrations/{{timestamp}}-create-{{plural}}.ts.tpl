import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * {{Plural}}: a plaintext name and encrypted details (bound to their row, so a value copied into
 * another row does not decrypt). The CHECKs are the backstop for writes that bypass the ORM: no
 * plaintext details, no name the API would refuse. The runtime role gets its rights from the
 * default privileges.
 */
export class Create{{Plural}}{{timestamp}} implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE {{table}} (
        id uuid PRIMARY KEY,
        owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name text NOT NULL CONSTRAINT {{table}}_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
        details_encrypted text NOT NULL CONSTRAINT {{table}}_details_encrypted_format CHECK (details_encrypted LIKE 'ef1:%'),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Every query filters on the owner; the default listing is by creation time.
    await queryRunner.query(`CREATE INDEX {{table}}_by_owner ON {{table}} (owner_id, created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE {{table}}');
  }
}
