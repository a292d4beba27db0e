import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import commonPasswords from './data/common-passwords.json' with { type: 'json' };
import { PASSWORD_MAX_LENGTH, PasswordPolicyService } from './password-policy.service.js';

const policy = new PasswordPolicyService({ minLength: 12 });
const account = { email: 'alice.martin@example.com' };

describe(PasswordPolicyService.name, () => {
  it('counts code points, not UTF-16 units: 11 emoji are too short, 12 are enough', () => {
    expect('🔐'.repeat(11)).toHaveLength(22);
    expect(policy.check('🔐'.repeat(11), account)).toEqual(['too_short']);
    expect(policy.check('🔐'.repeat(12), account)).toEqual([]);
    expect(policy.check('tulip🌷garde', account)).toEqual(['too_short']);
    expect(policy.check('tulip🌷garden', account)).toEqual([]);
  });

  it('counts leading and trailing spaces as typed, without trimming', () => {
    expect(policy.check('tulipgarden', account)).toEqual(['too_short']);
    expect(policy.check('tulipgarden ', account)).toEqual([]);
    expect(policy.check('    tulip   ', account)).toEqual([]);
  });

  it(`accepts ${PASSWORD_MAX_LENGTH} code points and refuses one more`, () => {
    expect(PASSWORD_MAX_LENGTH).toBeGreaterThanOrEqual(64);
    expect(policy.check('x'.repeat(64), account)).toEqual([]);
    expect(policy.check('x'.repeat(PASSWORD_MAX_LENGTH), account)).toEqual([]);
    expect(policy.check('x'.repeat(PASSWORD_MAX_LENGTH + 1), account)).toEqual(['too_long']);
    expect(policy.check('🔐'.repeat(PASSWORD_MAX_LENGTH), account)).toEqual([]);
    expect(policy.check('🔐'.repeat(PASSWORD_MAX_LENGTH + 1), account)).toEqual(['too_long']);
  });

  it('refuses an over-long input without further checks (no work on a 100 KiB body)', () => {
    expect(policy.check(`${account.email}${'a'.repeat(100 * 1024)}`, account)).toEqual([
      'too_long',
    ]);
  });

  it('refuses listed common passwords whatever their case', () => {
    for (const listed of ['leavemealone', 'LeaveMeAlone', 'QWERTY123456', '1QAZ2WSX3EDC']) {
      expect(policy.check(listed, account)).toEqual(['breached']);
    }
    expect(policy.check('leavemealone!', account)).toEqual([]);
  });

  it('refuses listed passwords at the shortest configurable minimum too', () => {
    const lenient = new PasswordPolicyService({ minLength: 8 });
    expect(lenient.check('password', account)).toEqual(['breached']);
    expect(lenient.check('Baseball', account)).toEqual(['breached']);
    expect(lenient.check('wk9-pz4q', account)).toEqual([]);
  });

  it('refuses a password that contains the e-mail address or its local part, in any case', () => {
    expect(policy.check('my alice.martin@example.com!', account)).toEqual(['contains_email']);
    expect(policy.check('2024-Alice.Martin-rocks', account)).toEqual(['contains_email']);
    expect(policy.check('alice-in-wonderland', { email: 'Alice+shop@example.com' })).toEqual([
      'contains_email',
    ]);
    expect(policy.check('alice-martin-rocks', account)).toEqual([]);
  });

  it('ignores local parts shorter than 3 code points, which occur by chance', () => {
    expect(policy.check('jolly rancher candy', { email: 'jo@example.com' })).toEqual([]);
    expect(policy.check('bobsleigh team 4', { email: 'bob@example.com' })).toEqual([
      'contains_email',
    ]);
  });

  it('reports every reason at once', () => {
    expect(policy.check('Password', { email: 'password@example.com' })).toEqual([
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
