import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * TOTP secrets (encrypted, bound to their row), recovery codes (argon2id hashes only), login
 * challenges and the MFA state of sessions (for step-up and enrolment). The
 * CHECKs keep a plaintext secret or code out, and a time step from being accepted before the
 * secret is confirmed.
 */
export class CreateMfa1764500000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE mfa_totp (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        secret_encrypted text NOT NULL CONSTRAINT mfa_totp_secret_encrypted_format CHECK (secret_encrypted LIKE 'ef1:%'),
        confirmed_at timestamptz,
        last_used_step bigint CONSTRAINT mfa_totp_last_used_step_confirmed CHECK (last_used_step IS NULL OR (confirmed_at IS NOT NULL AND last_used_step >= 0)),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE mfa_recovery_codes (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        code_hash text NOT NULL CONSTRAINT mfa_recovery_codes_hash_argon2id CHECK (code_hash LIKE '$argon2id$%'),
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX mfa_recovery_codes_unused_by_user ON mfa_recovery_codes (user_id) WHERE used_at IS NULL`,
    );
    // The password step of a login with MFA: a single-use, short-lived challenge (hash only).
    await queryRunner.query(`
      CREATE TABLE mfa_challenges (
        token_hash text PRIMARY KEY CONSTRAINT mfa_challenges_hash_format CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await queryRunner.query(`
      ALTER TABLE sessions
        ADD COLUMN mfa_verified_at timestamptz,
        ADD COLUMN mfa_enrolment_required boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE sessions DROP COLUMN mfa_verified_at, DROP COLUMN mfa_enrolment_required',
    );
    await queryRunner.query('DROP TABLE mfa_challenges, mfa_recovery_codes, mfa_totp');
  }
}
