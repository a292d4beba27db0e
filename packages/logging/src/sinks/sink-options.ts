import type { LogLevel } from '../log-level.js';
import type { BackoffOptions } from './backoff.js';

/** Buffering and retry settings shared by the network sinks. */
export interface SinkOptions {
  /** Least severe level this sink receives (default: the logger's level). */
  readonly level?: LogLevel;
  /** Events held in memory while the sink is slow or down (default 10 000). */
  readonly bufferSize?: number;
  /** Events sent per write or request (default 200). */
  readonly batchSize?: number;
  /** Delay between attempts while the sink is down. */
  readonly backoff?: BackoffOptions;
  /** A connect, write or request taking longer fails and is retried (default 10 000 ms). */
  readonly timeoutMs?: number;
}

/** Health of one network sink, for health checks and metrics. */
export interface SinkStats {
  /** Whether the last attempt to reach the sink succeeded. */
  readonly connected: boolean;
  /** Events waiting in memory, including the batch being sent. */
  readonly buffered: number;
  /** Non-audit events lost since start (buffer full, evicted by an audit event, or refused by the sink). */
  readonly dropped: number;
  /** Audit events lost since start (buffer full of audit events, or refused by the sink). */
  readonly droppedAudit: number;
}

/** Receives the one-line operator warnings of a sink (outage, dropping); defaults to the console. */
export type WarningSink = (message: string) => void;
