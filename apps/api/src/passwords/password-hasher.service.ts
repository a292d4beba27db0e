import { randomBytes } from 'node:crypto';
import { argon2id, hash as argon2Hash, verify as argon2Verify } from 'argon2';
import { ARGON2_VERSION, formatArgon2idPhc, parseArgon2Phc } from './argon2-phc.js';
import { PasswordHashingLimiter } from './password-hashing.limiter.js';
import type { PasswordHashingConfig } from './passwords.config.js';

// RFC 9106 recommends a 128-bit salt and a 256-bit tag.
const SALT_BYTES = 16;
const HASH_BYTES = 32;

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

async function hashWith(config: PasswordHashingConfig, password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const digest = await argon2Hash(password, {
    type: argon2id,
    memoryCost: config.memoryKib,
    timeCost: config.timeCost,
    parallelism: config.parallelism,
    hashLength: HASH_BYTES,
    salt,
    raw: true,
  });
  return formatArgon2idPhc(config, salt, digest);
}
