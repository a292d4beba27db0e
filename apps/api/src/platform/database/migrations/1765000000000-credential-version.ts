import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A password change or reset bumps `users.credential_version`. A login's password step records
 * the version it verified (in the session it starts, or in its MFA challenge), and the session is
 * created only if the version is still current: a login racing a reset can no longer survive it.
 */
export class CredentialVersion1765000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE users ADD COLUMN credential_version integer NOT NULL DEFAULT 0',
    );
    await queryRunner.query(
      'ALTER TABLE mfa_challenges ADD COLUMN credential_version integer NOT NULL DEFAULT 0',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE mfa_challenges DROP COLUMN credential_version');
    await queryRunner.query('ALTER TABLE users DROP COLUMN credential_version');
  }
}
