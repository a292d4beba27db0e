import { randomBytes } from 'node:crypto';
import { hash as argon2Hash, verify as argon2Verify, type Algorithm } from '@node-rs/argon2';
import { ARGON2_VERSION, parseArgon2Phc } from './argon2-phc.js';
import { PasswordHashingLimiter } from './password-hashing.limiter.js';
import type { PasswordHashingConfig } from './passwords.config.js';

// RFC 9106 recommends a 256-bit tag; the library draws a 128-bit random salt itself.
const HASH_BYTES = 32;
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- Algorithm is a const enum, which isolated modules cannot read at run time.
const ARGON2ID: Algorithm = 2;

/**
 * argon2id hashing (OWASP Password Storage, ASVS 6.2/11.4). Every call runs on libuv's thread
 * pool, behind a limiter that refuses work beyond its bounds with PasswordHashingBusyError.
 * Passwords are hashed exactly as given (UTF-8, no trimming or Unicode normalisation).
 */
export class PasswordHasherService {
  private readonly limiter: PasswordHashingLimiter;

  private constructor(
    private readonly config: PasswordHashingConfig,
    private readonly dummyHash: string,
  ) {
    this.limiter = new PasswordHashingLimiter(config.concurrency, config.maxQueued);
  }

  /** Hashes a dummy password once, at boot, so that {@link verifyDummy} costs what a real verify costs. */
  static async create(config: PasswordHashingConfig): Promise<PasswordHasherService> {
    const dummyHash = await hashWith(config, randomBytes(32).toString('base64'));
    return new PasswordHasherService(config, dummyHash);
  }

  /**
   * Sheds a caller before it does the work that leads to a hash (a lookup, a lockout check) when
   * the hash would be refused anyway.
   * @throws PasswordHashingBusyError
   */
  assertCapacity(): void {
    this.limiter.assertCapacity();
  }

  /** Hashes running and waiting now, and calls refused since start. */
  get load(): { readonly running: number; readonly queued: number; readonly shed: number } {
    const { running, queued, shed } = this.limiter;
    return { running, queued, shed };
  }

  /** A PHC string: `$argon2id$v=19$m=…,t=…,p=…$salt$hash`. */
  hash(password: string): Promise<string> {
    return this.limiter.run(() => hashWith(this.config, password));
  }

  /** Constant-time comparison; throws when `hash` is not an Argon2 PHC string. */
  verify(hash: string, password: string): Promise<boolean> {
    return this.limiter.run(() => argon2Verify(hash, password));
  }

  /** For an unknown account: the same work, queueing and busy errors as {@link verify}, always false. */
  async verifyDummy(password: string): Promise<false> {
    await this.verify(this.dummyHash, password);
    return false;
  }

  /** True when `hash` was made with another algorithm or version, or a lower cost than configured. */
  needsRehash(hash: string): boolean {
    const stored = parseArgon2Phc(hash);
    return (
      stored === undefined ||
      stored.algorithm !== 'argon2id' ||
      stored.version !== ARGON2_VERSION ||
      stored.memoryKib < this.config.memoryKib ||
      stored.timeCost < this.config.timeCost ||
      stored.parallelism < this.config.parallelism
    );
  }
}

/** The reference PHC encoding (`m=…,t=…,p=…`), which libargon2 verifiers in other languages read. */
function hashWith(config: PasswordHashingConfig, password: string): Promise<string> {
  return argon2Hash(password, {
    algorithm: ARGON2ID,
    memoryCost: config.memoryKib,
    timeCost: config.timeCost,
    parallelism: config.parallelism,
    outputLen: HASH_BYTES,
  });
}
