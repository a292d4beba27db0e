import { availableParallelism } from 'node:os';
import type { Env } from '../config/env.schema.js';

/** argon2id cost and the bounds on how many hashes may run or wait at once. */
export interface PasswordHashingConfig {
  readonly memoryKib: number;
  readonly timeCost: number;
  readonly parallelism: number;
  /** Hashes or verifications running at once; each holds `memoryKib` while it runs. */
  readonly concurrency: number;
  /** Calls waiting for a slot; beyond that they fail fast with PasswordHashingBusyError. */
  readonly maxQueued: number;
}

export interface PasswordPolicyConfig {
  /** In Unicode code points, as typed. */
  readonly minLength: number;
}

export interface PasswordsConfig {
  readonly hashing: PasswordHashingConfig;
  readonly policy: PasswordPolicyConfig;
}

export function passwordsConfigFrom(env: Env): PasswordsConfig {
  const concurrency = env.PASSWORD_HASH_CONCURRENCY ?? availableParallelism();
  return {
    hashing: {
      memoryKib: env.PASSWORD_HASH_MEMORY_KIB,
      timeCost: env.PASSWORD_HASH_TIME_COST,
      parallelism: env.PASSWORD_HASH_PARALLELISM,
      concurrency,
      maxQueued: env.PASSWORD_HASH_QUEUE_SIZE ?? 2 * concurrency,
    },
    policy: { minLength: env.PASSWORD_MIN_LENGTH },
  };
}
