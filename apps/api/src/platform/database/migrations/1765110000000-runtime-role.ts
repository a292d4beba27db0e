import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `bulwark_app`: what the API's own role may do, granted to the login role of DATABASE_URL by the
 * operator (docs/runbooks/audit-trail.md). Migrations run as the owner of every object
 * (DATABASE_MIGRATION_URL); the runtime role owns nothing, so it cannot disable a trigger, and on
 * the audit trail it may only append rows, advance the head (the trigger checks how) and read.
 *
 * Roles belong to the whole cluster, not the database: the role is created only when missing, and
 * a concurrent migration of another database creating it first is not an error. Without
 * CREATEROLE, a DBA creates it before the first migration.
 */
export class RuntimeRole1765110000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bulwark_app') THEN
          CREATE ROLE bulwark_app NOLOGIN;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL;
      END $$`);
    await queryRunner.query('GRANT USAGE ON SCHEMA public TO bulwark_app');
    await queryRunner.query(
      'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO bulwark_app',
    );
    await queryRunner.query('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO bulwark_app');
    // Tables and sequences the owner creates in later migrations get the same grants.
    await queryRunner.query(
      'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO bulwark_app',
    );
    await queryRunner.query(
      'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO bulwark_app',
    );
    await queryRunner.query('REVOKE INSERT, UPDATE, DELETE ON migrations FROM bulwark_app');
    await queryRunner.query('REVOKE UPDATE, DELETE ON audit_events FROM bulwark_app');
    await queryRunner.query('REVOKE INSERT, DELETE ON audit_chain_head FROM bulwark_app');
    await queryRunner.query('REVOKE INSERT, UPDATE, DELETE ON audit_checkpoints FROM bulwark_app');
  }

  // The role itself stays: other databases of the cluster may use it.
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM bulwark_app',
    );
    await queryRunner.query(
      'ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM bulwark_app',
    );
    await queryRunner.query('REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM bulwark_app');
    await queryRunner.query('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM bulwark_app');
    await queryRunner.query('REVOKE USAGE ON SCHEMA public FROM bulwark_app');
  }
}
