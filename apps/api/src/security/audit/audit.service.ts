import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { BulwarkLogger } from '@bulwark/logging';
import { APP_LOGGER } from '../../platform/logging/logging.module.js';
import { RequestContext } from '../../platform/request-context/request-context.js';
import { sealAfter, type AuditEventRow } from './audit-chain.js';
import { AuditChainKeys } from './audit-chain-keys.js';
import type { AuditEventName, AuditOutcome } from './audit-event-name.js';
import { AuditEventRepository } from './audit-event.repository.js';
import { AuditMetrics } from './audit.metrics.js';
import { AuditWriteError } from './audit.errors.js';
import { auditMetadata, auditText } from './audit-metadata.js';

/** A security event, in the words of the OWASP Logging Vocabulary. */
export interface AuditEventInput {
  readonly event: AuditEventName;
  readonly outcome: AuditOutcome;
  /** Who acted: a user id or `system`; default: the request's user, else `anonymous`. */
  readonly actor?: string;
  /** What was acted on, e.g. `user:42` or `POST /notes/:id`. */
  readonly target?: string;
  /** Ids, names and counts only; redacted like a log line before it is stored. */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/**
 * Records security events twice: a row of the hash-chained `audit_events` table and an
 * `audit: true` line in the log stream (which the sinks' buffers keep over other lines). The
 * line carries the row's seq and hash, so the central log store anchors the chain. Each event
 * also counts in the security metrics ({@link AuditMetrics}).
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly repository: AuditEventRepository,
    @Inject(APP_LOGGER) private readonly logger: BulwarkLogger,
    private readonly keys: AuditChainKeys,
    private readonly metrics: AuditMetrics,
  ) {}

  /**
   * Resolves once the row is committed. Rejects with {@link AuditWriteError} when the database
   * refuses it; the event is then logged with `stored: false`, so it is never lost silently.
   */
  async record(input: AuditEventInput): Promise<AuditEventRow> {
    const context = RequestContext.current();
    const content = {
      id: randomUUID(),
      occurredAt: new Date(),
      event: input.event,
      outcome: input.outcome,
      actor: auditText(input.actor ?? context?.userId ?? 'anonymous'),
      target: input.target === undefined ? null : auditText(input.target),
      ip: context?.ip ?? null,
      requestId: context?.requestId ?? null,
      metadata: auditMetadata(input.metadata ?? {}),
    };
    const fields = {
      audit: true,
      event: content.event,
      outcome: content.outcome,
      actor: content.actor,
      ...(content.target !== null && { target: content.target }),
      metadata: content.metadata,
      auditId: content.id,
    };
    // Counted whether or not the row is stored: the event happened either way.
    this.metrics.observe(input);
    let row: AuditEventRow;
    try {
      row = await this.repository.append((head) => sealAfter(head, content, this.keys));
    } catch (error) {
      this.metrics.writeFailed();
      this.logger.error(content.event, { ...fields, stored: false, error });
      throw new AuditWriteError({ cause: error });
    }
    const level = content.outcome === 'failure' ? 'warn' : 'info';
    this.logger.log(level, content.event, { ...fields, auditSeq: row.seq, auditHash: row.hash });
    return row;
  }
}
