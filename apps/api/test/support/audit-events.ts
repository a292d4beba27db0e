import { DataSource } from 'typeorm';
import type { TestApp } from './test-app.js';

/** One row of `audit_events`, as a test compares it. */
export interface AuditEvent {
  readonly event: string;
  readonly outcome: string;
  readonly actor: string;
  readonly target: string | null;
  readonly requestId: string | null;
  readonly metadata: Readonly<Record<string, unknown>>;
}

interface StoredEvent {
  readonly event: string;
  readonly outcome: string;
  readonly actor: string;
  readonly target: string | null;
  readonly request_id: string | null;
  readonly metadata: Record<string, unknown>;
}

/** The audit rows written while serving these requests (by their X-Request-Id), in chain order. */
export async function auditEventsOf(
  api: TestApp,
  requestIds: readonly string[],
): Promise<AuditEvent[]> {
  if (requestIds.length === 0) {
    return [];
  }
  const placeholders = requestIds.map((_, index) => `$${index + 1}`).join(', ');
  const rows = await api.app
    .get(DataSource)
    .query<StoredEvent[]>(
      `SELECT event, outcome, actor, target, request_id, metadata FROM audit_events WHERE request_id IN (${placeholders}) ORDER BY seq`,
      [...requestIds],
    );
  return rows.map(({ request_id: requestId, ...row }) => ({ ...row, requestId }));
}
