import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Permissions as `resource:action`, granted to roles (the API contract's table), and accounts an
 * administrator has locked. Changing what a role grants is a migration, reviewed like code.
 */
export class CreateAuthorization1764700000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE permissions (
        name text PRIMARY KEY CONSTRAINT permissions_name_format CHECK (name ~ '^[a-z]+:[a-z]+$')
      )`);
    await queryRunner.query(
      `INSERT INTO permissions (name) VALUES ('audit:read'), ('users:read'), ('users:manage')`,
    );
    await queryRunner.query(`
      CREATE TABLE role_permissions (
        role text NOT NULL REFERENCES roles (name),
        permission text NOT NULL REFERENCES permissions (name),
        PRIMARY KEY (role, permission)
      )`);
    await queryRunner.query(`
      INSERT INTO role_permissions (role, permission) VALUES
        ('auditor', 'audit:read'), ('auditor', 'users:read'),
        ('admin', 'audit:read'), ('admin', 'users:read'), ('admin', 'users:manage')`);
    await queryRunner.query(`CREATE INDEX user_roles_by_role ON user_roles (role)`);
    await queryRunner.query(`ALTER TABLE users ADD COLUMN locked_at timestamptz`);
    // GET /admin/audit-events?userId=: the events a user caused or underwent, newest first.
    await queryRunner.query(`CREATE INDEX audit_events_by_actor ON audit_events (actor, seq)`);
    await queryRunner.query(`CREATE INDEX audit_events_by_target ON audit_events (target, seq)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX audit_events_by_actor, audit_events_by_target');
    await queryRunner.query('ALTER TABLE users DROP COLUMN locked_at');
    await queryRunner.query('DROP INDEX user_roles_by_role');
    await queryRunner.query('DROP TABLE role_permissions, permissions');
  }
}
