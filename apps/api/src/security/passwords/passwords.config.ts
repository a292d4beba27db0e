import { BlockList, isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import type { Env } from '../../platform/config/env.schema.js';

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

/** What a new password gets when the range lookup fails: accepted on the local checks, or a 503. */
export type PwnedPasswordsFailurePolicy = 'allow' | 'refuse';

/** A Pwned Passwords range API (k-anonymity), asked after the bundled list. */
export interface PwnedPasswordsConfig {
  /** Ends with `/`: the range of a prefix is `range/<prefix>` relative to it. */
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly onFailure: PwnedPasswordsFailurePolicy;
}

export interface PasswordsConfig {
  readonly hashing: PasswordHashingConfig;
  readonly policy: PasswordPolicyConfig;
  /** Unset: no password check leaves the process. */
  readonly pwnedPasswords: PwnedPasswordsConfig | undefined;
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
    pwnedPasswords:
      env.PWNED_PASSWORDS_URL === undefined
        ? undefined
        : {
            baseUrl: directoryUrl(env.PWNED_PASSWORDS_URL),
            timeoutMs: env.PWNED_PASSWORDS_TIMEOUT_MS,
            onFailure: env.PWNED_PASSWORDS_FAILURE,
          },
  };
}

/**
 * Production sends breach lookups over TLS (certificate verified by fetch), unless to a mirror on
 * this host.
 */
export function pwnedPasswordsProductionViolations(env: Env): string[] {
  if (env.PWNED_PASSWORDS_URL === undefined) {
    return [];
  }
  const { protocol, hostname } = new URL(env.PWNED_PASSWORDS_URL);
  return protocol === 'https:' || isLoopback(hostname)
    ? []
    : ['PWNED_PASSWORDS_URL: production needs https:// (http:// only to a loopback address)'];
}

/** `https://host/path` → `https://host/path/`, so that relative URLs resolve under the path. */
function directoryUrl(value: string): string {
  const { origin, pathname } = new URL(value);
  return pathname.endsWith('/') ? `${origin}${pathname}` : `${origin}${pathname}/`;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

function isLoopback(hostname: string): boolean {
  const address = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  const family = isIP(address);
  if (family === 0) {
    return address === 'localhost';
  }
  return LOOPBACK.check(address, family === 6 ? 'ipv6' : 'ipv4');
}
