import type { Env } from '../../platform/config/env.schema.js';

export interface RetentionConfig {
  /** Days after their end that sessions, mailed tokens and MFA challenges are deleted. */
  readonly graceDays: number;
  /** How often each instance purges them; 0: only `pnpm cli db:purge` does. */
  readonly purgeIntervalSeconds: number;
}

export function retentionConfigFrom(env: Env): RetentionConfig {
  return {
    graceDays: env.RETENTION_GRACE_DAYS,
    purgeIntervalSeconds: env.RETENTION_PURGE_INTERVAL_SECONDS,
  };
}
