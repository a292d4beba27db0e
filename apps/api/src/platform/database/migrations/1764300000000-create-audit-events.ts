import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tamper-evident audit trail: `audit_events` rows are hash-chained (see src/security/audit/audit-chain.ts)
 * and `audit_chain_head` holds the last link, locked by every append so writers queue instead of
 * forking. Triggers make both append-only for the application's role. A database owner can still
 * disable the triggers or drop the tables: that is what `pnpm cli audit:verify` and the copy of
 * every event in the central log stream are for.
 */
export class CreateAuditEvents1764300000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_events (
        seq bigint PRIMARY KEY CONSTRAINT audit_events_seq_positive CHECK (seq > 0),
        id uuid NOT NULL CONSTRAINT audit_events_id_unique UNIQUE,
        occurred_at timestamptz NOT NULL,
        event text NOT NULL,
        outcome text NOT NULL CONSTRAINT audit_events_outcome CHECK (outcome IN ('success', 'failure')),
        actor text NOT NULL,
        target text,
        ip text,
        request_id text,
        metadata jsonb NOT NULL,
        prev_hash text NOT NULL CONSTRAINT audit_events_one_successor UNIQUE,
        hash text NOT NULL CONSTRAINT audit_events_hash_format CHECK (hash ~ '^[0-9a-f]{64}$')
      )`);
    await queryRunner.query(`
      CREATE TABLE audit_chain_head (
        id smallint PRIMARY KEY CONSTRAINT audit_chain_head_single_row CHECK (id = 1),
        seq bigint NOT NULL,
        hash text NOT NULL
      )`);
    await queryRunner.query(
      `INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, repeat('0', 64))`,
    );
    await queryRunner.query(`
      CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`);
    // The head only ever moves to the row just appended.
    await queryRunner.query(`
      CREATE FUNCTION audit_chain_head_advance_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'audit_chain_head is never deleted' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.id <> OLD.id OR NEW.seq <> OLD.seq + 1
           OR NEW.hash IS DISTINCT FROM (SELECT hash FROM audit_events WHERE seq = NEW.seq) THEN
          RAISE EXCEPTION 'audit_chain_head only advances to the appended row'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_chain_head_advance_only BEFORE UPDATE OR DELETE ON audit_chain_head
      FOR EACH ROW EXECUTE FUNCTION audit_chain_head_advance_only()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_chain_head_no_truncate BEFORE TRUNCATE ON audit_chain_head
      FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE audit_chain_head');
    await queryRunner.query('DROP TABLE audit_events');
    await queryRunner.query('DROP FUNCTION audit_chain_head_advance_only()');
    await queryRunner.query('DROP FUNCTION audit_refuse_change()');
  }
}
