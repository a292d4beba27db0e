import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

// What the role of DATABASE_URL must not be able to do to the trail (it appends, and advances the head).
const REWRITE_PRIVILEGES = `VALUES
  ('audit_events', 'UPDATE'), ('audit_events', 'DELETE'), ('audit_events', 'TRUNCATE'),
  ('audit_chain_head', 'INSERT'), ('audit_chain_head', 'DELETE'), ('audit_chain_head', 'TRUNCATE'),
  ('audit_checkpoints', 'INSERT'), ('audit_checkpoints', 'UPDATE'),
  ('audit_checkpoints', 'DELETE'), ('audit_checkpoints', 'TRUNCATE')`;

/** Asks PostgreSQL what the connected role may do to the audit trail's tables. */
@Injectable()
export class AuditRoleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * What the connected role could do to rewrite the trail: ownership (which allows disabling the
   * triggers) of a trail table, or a privilege beyond appending. Empty for a role granted only
   * `bulwark_app`.
   */
  async rewriteRights(): Promise<string[]> {
    const rows = await this.dataSource.query<{ capability: string }[]>(
      `SELECT 'owns ' || relname AS capability FROM pg_class
        WHERE oid IN ('audit_events'::regclass, 'audit_chain_head'::regclass,
                      'audit_checkpoints'::regclass)
          AND pg_has_role(relowner, 'MEMBER')
       UNION ALL
       SELECT privilege || ' on ' || relation FROM (${REWRITE_PRIVILEGES}) AS p(relation, privilege)
        WHERE has_table_privilege(relation, privilege)`,
    );
    return rows.map((row) => row.capability);
  }
}
