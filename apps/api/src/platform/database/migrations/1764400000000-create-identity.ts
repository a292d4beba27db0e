import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Credentials, roles, sessions and single-use tokens. Tokens are stored only as SHA-256 hashes
 * (hex): they carry 256 random bits, so a fast hash is enough and a database reader cannot use
 * them. The CHECKs keep anything else (a plaintext token, a bcrypt hash) out.
 */
export class CreateIdentity1764400000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE users
        ADD COLUMN password_hash text NOT NULL CONSTRAINT users_password_hash_argon2id CHECK (password_hash LIKE '$argon2id$%'),
        ADD COLUMN display_name text CONSTRAINT users_display_name_length CHECK (char_length(display_name) <= 100),
        ADD COLUMN email_verified_at timestamptz`);
    await queryRunner.query(`CREATE TABLE roles (name text PRIMARY KEY)`);
    await queryRunner.query(`INSERT INTO roles (name) VALUES ('user'), ('auditor'), ('admin')`);
    await queryRunner.query(`
      CREATE TABLE user_roles (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role text NOT NULL REFERENCES roles (name),
        PRIMARY KEY (user_id, role)
      )`);
    await queryRunner.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text,
        ip text,
        user_agent text CONSTRAINT sessions_user_agent_length CHECK (char_length(user_agent) <= 256)
      )`);
    await queryRunner.query(
      `CREATE INDEX sessions_active_by_user ON sessions (user_id) WHERE revoked_at IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE refresh_tokens (
        token_hash text PRIMARY KEY CONSTRAINT refresh_tokens_hash_format CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        rotated_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX refresh_tokens_by_session ON refresh_tokens (session_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE account_tokens (
        token_hash text PRIMARY KEY CONSTRAINT account_tokens_hash_format CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        purpose text NOT NULL CONSTRAINT account_tokens_purpose CHECK (purpose IN ('verify_email', 'reset_password')),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX account_tokens_unused_by_user ON account_tokens (user_id, purpose) WHERE used_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'DROP TABLE account_tokens, refresh_tokens, sessions, user_roles, roles',
    );
    await queryRunner.query(
      'ALTER TABLE users DROP COLUMN password_hash, DROP COLUMN display_name, DROP COLUMN email_verified_at',
    );
  }
}
