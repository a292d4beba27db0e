import type { Env } from '../../../platform/config/env.schema.js';

export interface AttachmentsConfig {
  readonly maxFileBytes: number;
  /** What one user's attachments may take in all. */
  readonly quotaBytes: number;
  readonly maxPerNote: number;
  readonly linkTtlSeconds: number;
  /** 0: pending files are scanned again only by `attachments:rescan`. */
  readonly rescanIntervalSeconds: number;
}

export function attachmentsConfigFrom(env: Env): AttachmentsConfig {
  return {
    maxFileBytes: env.ATTACHMENT_MAX_BYTES,
    quotaBytes: env.ATTACHMENT_QUOTA_BYTES,
    maxPerNote: env.ATTACHMENT_MAX_PER_NOTE,
    linkTtlSeconds: env.ATTACHMENT_LINK_TTL_SECONDS,
    rescanIntervalSeconds: env.ATTACHMENT_RESCAN_INTERVAL_SECONDS,
  };
}
