import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Baseline: only the application's own role may create objects in `public` (CVE-2018-1058);
 * PostgreSQL 15 made this the default, older servers and restored dumps may not have it.
 */
export class HardenPublicSchema1764100000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('GRANT CREATE ON SCHEMA public TO PUBLIC');
  }
}
