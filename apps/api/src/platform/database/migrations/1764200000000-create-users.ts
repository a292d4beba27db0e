import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users with the e-mail encrypted (no plaintext column) and a unique blind index for lookups.
 * The CHECKs are the backstop for writes that bypass the ORM: nothing else can land here.
 */
export class CreateUsers1764200000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        email_encrypted text NOT NULL CONSTRAINT users_email_encrypted_format CHECK (email_encrypted LIKE 'ef1:%'),
        email_blind_index text NOT NULL CONSTRAINT users_email_blind_index_format CHECK (email_blind_index LIKE 'bi1:%'),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_email_blind_index_unique UNIQUE (email_blind_index)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE users');
  }
}
