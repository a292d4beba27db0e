import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keyed links and retention by checkpoint (src/security/audit/audit-chain.ts, docs/logging.md):
 * - `key_id` names the AUDIT_CHAIN_KEYS key a row's HMAC link is under; rows written before keep
 *   NULL (unkeyed v1) and stay verifiable. New rows must name one (NOT VALID: old rows are exempt).
 * - `audit_checkpoints` records the last row of each archived segment; it only grows forward, to a
 *   row that exists with that hash.
 * - Rows are deleted only behind a checkpoint, and inserted only beyond the head, so nobody
 *   without the owner's rights can slip a row into an archived range.
 */
export class AuditKeyedChain1765100000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE audit_events ADD COLUMN key_id text');
    await queryRunner.query(
      'ALTER TABLE audit_events ADD CONSTRAINT audit_events_keyed CHECK (key_id IS NOT NULL) NOT VALID',
    );
    await queryRunner.query(`
      CREATE TABLE audit_checkpoints (
        seq bigint PRIMARY KEY CONSTRAINT audit_checkpoints_seq_positive CHECK (seq > 0),
        hash text NOT NULL,
        key_id text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE FUNCTION audit_checkpoint_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.seq <= COALESCE((SELECT max(seq) FROM audit_checkpoints), 0)
           OR NOT EXISTS (SELECT 1 FROM audit_events WHERE seq = NEW.seq AND hash = NEW.hash
                            AND key_id IS NOT DISTINCT FROM NEW.key_id) THEN
          RAISE EXCEPTION 'audit_checkpoints only advances, to an existing row'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_checkpoints_forward_only BEFORE INSERT ON audit_checkpoints
      FOR EACH ROW EXECUTE FUNCTION audit_checkpoint_forward_only()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
      FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
      FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`);
    await queryRunner.query(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          IF NEW.seq <= (SELECT seq FROM audit_chain_head WHERE id = 1) THEN
            RAISE EXCEPTION 'audit_events is append-only: rows go beyond the chain head'
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN NEW;
        END IF;
        IF TG_OP = 'DELETE' AND OLD.seq <= (SELECT max(seq) FROM audit_checkpoints) THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_events is append-only: rows are deleted only behind a checkpoint'
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query('DROP TRIGGER audit_events_append_only ON audit_events');
    await queryRunner.query(`
      CREATE TRIGGER audit_events_append_only BEFORE INSERT OR UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER audit_events_append_only ON audit_events');
    await queryRunner.query(`
      CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`);
    await queryRunner.query('DROP FUNCTION audit_events_append_only()');
    await queryRunner.query('DROP TABLE audit_checkpoints');
    await queryRunner.query('DROP FUNCTION audit_checkpoint_forward_only()');
    await queryRunner.query('ALTER TABLE audit_events DROP CONSTRAINT audit_events_keyed');
    await queryRunner.query('ALTER TABLE audit_events DROP COLUMN key_id');
  }
}
