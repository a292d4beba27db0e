import { hash as argon2Hash, type Algorithm } from '@node-rs/argon2';
import { beforeAll, describe, expect, it } from 'vitest';
import { envSchema } from '../../platform/config/env.schema.js';
import { parseArgon2Phc } from './argon2-phc.js';
import { PasswordHasherService } from './password-hasher.service.js';
import { passwordsConfigFrom, type PasswordHashingConfig } from './passwords.config.js';
import { PasswordHashingBusyError } from './passwords.errors.js';

const defaults = passwordsConfigFrom(envSchema.parse({})).hashing;

// Only for the queue tests, where the cost of a hash is beside the point.
const cheap: PasswordHashingConfig = {
  memoryKib: 64,
  timeCost: 1,
  parallelism: 1,
  concurrency: 2,
  maxQueued: 3,
};

const PASSWORD = 'correct horse battery staple';
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- Algorithm is a const enum, which isolated modules cannot read at run time.
const ARGON2I: Algorithm = 1;

describe(PasswordHasherService.name, () => {
  let hasher: PasswordHasherService;
  let stored: string;

  beforeAll(async () => {
    hasher = await PasswordHasherService.create(defaults);
    stored = await hasher.hash(PASSWORD);
  });

  it('hashes with argon2id at no less than m=19456 KiB, t=2, p=1 by default', () => {
    expect(stored.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
    const parameters = parseArgon2Phc(stored);
    expect(parameters?.algorithm).toBe('argon2id');
    expect(parameters?.version).toBe(0x13);
    expect(parameters?.memoryKib).toBeGreaterThanOrEqual(19_456);
    expect(parameters?.timeCost).toBeGreaterThanOrEqual(2);
    expect(parameters?.parallelism).toBe(1);
    // 16-byte salt and 32-byte hash, unpadded base64.
    expect(stored.split('$').slice(4)).toEqual([
      expect.stringMatching(/^[A-Za-z0-9+/]{22}$/),
      expect.stringMatching(/^[A-Za-z0-9+/]{43}$/),
    ]);
  });

  it('salts every hash', async () => {
    expect(await hasher.hash(PASSWORD)).not.toBe(stored);
  });

  it('verifies the password exactly as typed, and nothing else', async () => {
    await expect(hasher.verify(stored, PASSWORD)).resolves.toBe(true);
    for (const attempt of [
      'correct horse battery stapler',
      'Correct horse battery staple',
      ` ${PASSWORD}`,
      PASSWORD.slice(0, -1),
      '',
    ]) {
      await expect(hasher.verify(stored, attempt)).resolves.toBe(false);
    }
  });

  it('keeps leading and trailing spaces in what it hashes', async () => {
    const spaced = await hasher.hash('  pass phrase  ');
    await expect(hasher.verify(spaced, '  pass phrase  ')).resolves.toBe(true);
    await expect(hasher.verify(spaced, 'pass phrase')).resolves.toBe(false);
  });

  it('asks for a rehash once the parameters are raised, not before', async () => {
    expect(hasher.needsRehash(stored)).toBe(false);
    for (const raised of [
      { memoryKib: 2 * defaults.memoryKib },
      { timeCost: defaults.timeCost + 1 },
      { parallelism: 2 },
    ]) {
      const stronger = await PasswordHasherService.create({ ...defaults, ...raised });
      expect(stronger.needsRehash(stored)).toBe(true);
      // A hash stronger than the configuration is kept, not weakened.
      expect(hasher.needsRehash(await stronger.hash(PASSWORD))).toBe(false);
    }
  });

  it('asks for a rehash of another Argon2 variant, an old version or an unreadable hash', async () => {
    const weakVariant = await argon2Hash(PASSWORD, {
      algorithm: ARGON2I,
      memoryCost: 65_536,
      timeCost: 3,
      parallelism: 1,
    });
    expect(hasher.needsRehash(weakVariant)).toBe(true);
    expect(hasher.needsRehash(stored.replace('$v=19$', '$v=16$'))).toBe(true);
    expect(hasher.needsRehash(stored.replace('$v=19', ''))).toBe(true);
    expect(hasher.needsRehash('$2b$12$abcdefghijklmnopqrstuu0123456789012345678901234567890')).toBe(
      true,
    );
  });

  // That it costs what a real verify costs is measured in bench/src/password-hashing.ts.
  it('answers false for an unknown account, whatever the password', async () => {
    await expect(hasher.verifyDummy(PASSWORD)).resolves.toBe(false);
    await expect(hasher.verifyDummy('')).resolves.toBe(false);
  });

  it('runs N hashes, queues up to the cap and refuses the next with PasswordHashingBusyError', async () => {
    const bounded = await PasswordHasherService.create(cheap);
    const capacity = cheap.concurrency + cheap.maxQueued;
    // Admission is decided synchronously at each call: the last one finds every place taken.
    const calls = Array.from({ length: capacity + 2 }, (_, index) =>
      index % 2 === 0 ? bounded.hash(`password ${index}`) : bounded.verifyDummy('guess'),
    );
    const results = await Promise.allSettled(calls);

    expect(results.slice(0, capacity).every((result) => result.status === 'fulfilled')).toBe(true);
    for (const refused of results.slice(capacity)) {
      expect(refused.status === 'rejected' && refused.reason).toBeInstanceOf(
        PasswordHashingBusyError,
      );
    }
    // Once drained, it serves again.
    await expect(bounded.verifyDummy('guess')).resolves.toBe(false);
  });
});
