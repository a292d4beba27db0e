import { Counter, Gauge, type Registry } from 'prom-client';
import type { PasswordHasherService } from './password-hasher.service.js';

/** The argon2 limiter's load: hashes running and queued, and the calls it shed (answered 503). */
export function registerPasswordHashingMetrics(
  registry: Registry,
  hasher: PasswordHasherService,
): void {
  new Gauge({
    name: 'bulwark_password_hashing_tasks',
    help: 'argon2id hashes and verifications running or queued',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const { running, queued } = hasher.load;
      this.set({ state: 'running' }, running);
      this.set({ state: 'queued' }, queued);
    },
  });
  new Counter({
    name: 'bulwark_password_hashing_shed_total',
    help: 'Password checks refused because every hashing slot and queue place was taken',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(hasher.load.shed);
    },
  });
}
