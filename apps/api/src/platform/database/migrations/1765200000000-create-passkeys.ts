import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Passkeys (WebAuthn credentials): one row per credential, a user may have several. A credential
 * id belongs to one user only; the CHECKs keep ids and keys in base64url and a name bounded.
 */
export class CreatePasskeys1765200000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE passkeys (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        credential_id text NOT NULL CONSTRAINT passkeys_credential_id_unique UNIQUE CONSTRAINT passkeys_credential_id_format CHECK (char_length(credential_id) BETWEEN 16 AND 1366 AND credential_id ~ '^[A-Za-z0-9_-]+$'),
        public_key text NOT NULL CONSTRAINT passkeys_public_key_format CHECK (public_key ~ '^[A-Za-z0-9_-]+$'),
        sign_count bigint NOT NULL CONSTRAINT passkeys_sign_count_range CHECK (sign_count >= 0 AND sign_count <= 4294967295),
        transports text[] NOT NULL,
        backed_up boolean NOT NULL,
        name text NOT NULL CONSTRAINT passkeys_name_length CHECK (char_length(name) BETWEEN 1 AND 64),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz
      )`);
    await queryRunner.query('CREATE INDEX passkeys_by_user ON passkeys (user_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE passkeys');
  }
}
