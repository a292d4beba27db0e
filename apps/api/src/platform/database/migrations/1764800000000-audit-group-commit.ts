import type { MigrationInterface, QueryRunner } from 'typeorm';

const HEAD_GUARD = (condition: string, message: string): string => `
  CREATE OR REPLACE FUNCTION audit_chain_head_advance_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'DELETE' THEN
      RAISE EXCEPTION 'audit_chain_head is never deleted' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.id <> OLD.id OR ${condition}
       OR NEW.hash IS DISTINCT FROM (SELECT hash FROM audit_events WHERE seq = NEW.seq) THEN
      RAISE EXCEPTION '${message}' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END $$`;

/**
 * Appends are group-committed (several rows, then one head update): the head may now advance by
 * more than one row, still only forward and only to a row that exists with that hash.
 */
export class AuditGroupCommit1764800000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      HEAD_GUARD('NEW.seq <= OLD.seq', 'audit_chain_head only advances, to an appended row'),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      HEAD_GUARD('NEW.seq <> OLD.seq + 1', 'audit_chain_head only advances to the appended row'),
    );
  }
}
