import { Gauge, type Registry } from 'prom-client';
import type { ColumnKeyCounts, KeyRotationService } from './key-rotation.service.js';

// Counting scans each encrypted column: at most this often, whatever the scrape interval.
const RECOUNT_INTERVAL_MS = 5 * 60_000;

/**
 * Encrypted values per column under the active key or an older one: a rotation's progress
 * (`pnpm cli keys:rotate`, another process) is the `stale` count falling to 0. A failed count
 * keeps the previous one, so that a database outage does not fail the whole scrape.
 */
export function registerKeyRotationMetrics(registry: Registry, rotation: KeyRotationService): void {
  let counted: readonly ColumnKeyCounts[] = [];
  let countedAt = Number.NEGATIVE_INFINITY;
  const { keyId, blindIndexKeyId } = rotation.activeKeyIds();
  new Gauge({
    name: 'bulwark_encrypted_values',
    help: 'Encrypted values (and blind indexes) per column, under the active key or a stale one',
    labelNames: ['column', 'key'] as const,
    registers: [registry],
    async collect() {
      if (Date.now() - countedAt >= RECOUNT_INTERVAL_MS) {
        countedAt = Date.now();
        counted = await rotation.status().catch(() => counted);
      }
      for (const { column, ring, counts } of counted) {
        const active = ring === 'blind-index' ? blindIndexKeyId : keyId;
        const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
        const underActive = counts.get(active) ?? 0;
        this.set({ column, key: 'active' }, underActive);
        this.set({ column, key: 'stale' }, total - underActive);
      }
    },
  });
}
