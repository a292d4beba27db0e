import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import commonPasswords from './data/common-passwords.json' with { type: 'json' };
import {
  PASSWORD_MAX_LENGTH,
  PasswordPolicyService,
  type RemoteBreachCheck,
} from './password-policy.service.js';
import type { PwnedPasswordsFailurePolicy } from './passwords.config.js';
import { BreachCheckUnavailableError } from './passwords.errors.js';
import { PwnedPasswordsUnavailableError } from './pwned-passwords.client.js';

const policy = new PasswordPolicyService({ minLength: 12 });
const account = { email: 'alice.martin@example.com' };

describe(PasswordPolicyService.name, () => {
  it('counts code points, not UTF-16 units: 11 emoji are too short, 12 are enough', async () => {
    expect('🔐'.repeat(11)).toHaveLength(22);
    expect(await policy.check('🔐'.repeat(11), account)).toEqual(['too_short']);
    expect(await policy.check('🔐'.repeat(12), account)).toEqual([]);
    expect(await policy.check('tulip🌷garde', account)).toEqual(['too_short']);
    expect(await policy.check('tulip🌷garden', account)).toEqual([]);
  });

  it('counts leading and trailing spaces as typed, without trimming', async () => {
    expect(await policy.check('tulipgarden', account)).toEqual(['too_short']);
    expect(await policy.check('tulipgarden ', account)).toEqual([]);
    expect(await policy.check('    tulip   ', account)).toEqual([]);
  });

  it(`accepts ${PASSWORD_MAX_LENGTH} code points and refuses one more`, async () => {
    expect(PASSWORD_MAX_LENGTH).toBeGreaterThanOrEqual(64);
    expect(await policy.check('x'.repeat(64), account)).toEqual([]);
    expect(await policy.check('x'.repeat(PASSWORD_MAX_LENGTH), account)).toEqual([]);
    expect(await policy.check('x'.repeat(PASSWORD_MAX_LENGTH + 1), account)).toEqual(['too_long']);
    expect(await policy.check('🔐'.repeat(PASSWORD_MAX_LENGTH), account)).toEqual([]);
    expect(await policy.check('🔐'.repeat(PASSWORD_MAX_LENGTH + 1), account)).toEqual(['too_long']);
  });

  it('refuses an over-long input without further checks (no work on a 100 KiB body)', async () => {
    expect(await policy.check(`${account.email}${'a'.repeat(100 * 1024)}`, account)).toEqual([
      'too_long',
    ]);
  });

  it('refuses listed common passwords whatever their case', async () => {
    for (const listed of ['leavemealone', 'LeaveMeAlone', 'QWERTY123456', '1QAZ2WSX3EDC']) {
      expect(await policy.check(listed, account)).toEqual(['breached']);
    }
    expect(await policy.check('leavemealone!', account)).toEqual([]);
  });

  it('refuses listed passwords at the shortest configurable minimum too', async () => {
    const lenient = new PasswordPolicyService({ minLength: 8 });
    expect(await lenient.check('password', account)).toEqual(['breached']);
    expect(await lenient.check('Baseball', account)).toEqual(['breached']);
    expect(await lenient.check('wk9-pz4q', account)).toEqual([]);
  });

  it('refuses a password that contains the e-mail address or its local part, in any case', async () => {
    expect(await policy.check('my alice.martin@example.com!', account)).toEqual(['contains_email']);
    expect(await policy.check('2024-Alice.Martin-rocks', account)).toEqual(['contains_email']);
    expect(await policy.check('alice-in-wonderland', { email: 'Alice+shop@example.com' })).toEqual([
      'contains_email',
    ]);
    expect(await policy.check('alice-martin-rocks', account)).toEqual([]);
  });

  it('ignores local parts shorter than 3 code points, which occur by chance', async () => {
    expect(await policy.check('jolly rancher candy', { email: 'jo@example.com' })).toEqual([]);
    expect(await policy.check('bobsleigh team 4', { email: 'bob@example.com' })).toEqual([
      'contains_email',
    ]);
  });

  it('reports every reason at once', async () => {
    expect(await policy.check('Password', { email: 'password@example.com' })).toEqual([
      'too_short',
      'breached',
      'contains_email',
    ]);
  });

  it('ships a list of at least 10 000 common passwords with its licence', () => {
    expect(commonPasswords.length).toBeGreaterThanOrEqual(10_000);
    expect(new Set(commonPasswords).size).toBe(commonPasswords.length);
    expect(commonPasswords.every((entry) => entry === entry.toLowerCase())).toBe(true);
    expect(commonPasswords.every((entry) => Array.from(entry).length >= 8)).toBe(true);
    const licence = readFileSync(
      new URL('./data/common-passwords.LICENSE.txt', import.meta.url),
      'utf8',
    );
    expect(licence).toContain('Permission is hereby granted, free of charge');
  });
});

describe(`${PasswordPolicyService.name} with a remote breach corpus`, () => {
  const LEAKED = 'tulip garden in the rain 1987';
  const CLEAN = 'a passphrase nobody has leaked';

  /** A corpus holding LEAKED, which fails its first `failures` lookups. */
  function remote(onFailure: PwnedPasswordsFailurePolicy, failures = 0) {
    let failed = 0;
    const isBreached = vi.fn((password: string) => {
      if (failed < failures) {
        failed += 1;
        return Promise.reject(new PwnedPasswordsUnavailableError('timeout'));
      }
      return Promise.resolve(password === LEAKED);
    });
    const warn = vi.fn();
    const check: RemoteBreachCheck = { client: { isBreached }, onFailure, log: { warn } };
    return { isBreached, warn, policy: new PasswordPolicyService({ minLength: 12 }, check) };
  }

  it('refuses a password the remote corpus holds, as breached', async () => {
    const { policy } = remote('allow');
    expect(await policy.check(LEAKED, account)).toEqual(['breached']);
    expect(await policy.check(CLEAN, account)).toEqual([]);
  });

  it('asks the remote corpus nothing about a password the local rules refuse', async () => {
    const { policy, isBreached } = remote('refuse');
    expect(await policy.check('leavemealone', account)).toEqual(['breached']);
    expect(await policy.check('short', account)).toEqual(['too_short']);
    expect(await policy.check('alice.martin rocks on', account)).toEqual(['contains_email']);
    expect(isBreached).not.toHaveBeenCalled();
  });

  it('accepts on the local rules while the lookup fails under allow, logging the outage with a count', async () => {
    const { policy, warn } = remote('allow', 3);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect(await policy.check(LEAKED, account)).toEqual([]);
    }
    expect(await policy.check(LEAKED, account)).toEqual(['breached']);

    expect(warn.mock.calls).toEqual([
      [
        'pwned passwords unavailable',
        { reason: 'timeout', detail: undefined, failedLookups: 1, onFailure: 'allow' },
      ],
      ['pwned passwords available again', { failedLookups: 3, onFailure: 'allow' }],
    ]);
  });

  it('logs a long outage once per 100 failed lookups, never the password, its hash or prefix', async () => {
    const { policy, warn } = remote('allow', 250);
    for (let attempt = 0; attempt < 250; attempt += 1) {
      await policy.check(LEAKED, account);
    }
    expect(
      warn.mock.calls.map(([, meta]) => (meta as { failedLookups: number }).failedLookups),
    ).toEqual([1, 101, 201]);
    const logged = JSON.stringify(warn.mock.calls).toUpperCase();
    const sha1 = createHash('sha1').update(LEAKED).digest('hex').toUpperCase();
    expect(logged).not.toContain(sha1.slice(0, 5));
    expect(logged).not.toContain(LEAKED.toUpperCase());
  });

  it('refuses with BreachCheckUnavailableError while the lookup fails under refuse', async () => {
    const { policy } = remote('refuse', 1);
    await expect(policy.check(CLEAN, account)).rejects.toBeInstanceOf(BreachCheckUnavailableError);
    expect(await policy.check(CLEAN, account)).toEqual([]);
  });
});
