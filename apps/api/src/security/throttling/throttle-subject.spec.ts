import { describe, expect, it } from 'vitest';
import { generateOpaqueToken } from '../opaque-tokens/opaque-token.js';
import { throttleSubject } from './throttle-subject.js';

// Like the blind index, the digest refuses a string that is not well-formed Unicode.
const digest = (email: string) => {
  if (/\p{Surrogate}/u.test(email)) {
    throw new Error('not well-formed');
  }
  return `digest(${email.trim().toLowerCase()})`;
};

describe(throttleSubject.name, () => {
  it('counts a body that names an account by the digest of its normalised address', () => {
    const subject = (email: unknown) =>
      throttleSubject('email', { ip: '192.0.2.1', body: { email } }, digest, 64);
    expect(subject('Ada@Example.com ')).toBe('email:digest(ada@example.com)');
    expect(subject('Ada@Example.com ')).toBe(subject('ada@example.com'));
  });

  it('counts an MFA challenge by the hash it is stored under, never the token itself', () => {
    const token = generateOpaqueToken('mfaChallenge');
    const subject = throttleSubject(
      'mfa-challenge',
      { ip: '192.0.2.1', body: { mfaToken: token.value } },
      digest,
      64,
    );
    expect(subject).toBe(`mfa-challenge:${token.hash}`);
    expect(subject).not.toContain(token.value);
  });

  it.each([
    ['no body', undefined],
    ['no field', { password: 'x' }],
    ['a number', { email: 42, mfaToken: 42 }],
    ['an empty string', { email: '', mfaToken: '' }],
    ['a malformed token', { mfaToken: 'bmt_short' }],
    ['a lone surrogate', { email: '\ud800@example.com', mfaToken: '\udc00' }],
    ['a string longer than any address', { email: `${'a'.repeat(400)}@x.y` }],
    ['an inherited field', Object.create({ email: 'ada@example.com' }) as object],
  ])('falls back to the client address for %s', (_label, body) => {
    for (const kind of ['email', 'mfa-challenge'] as const) {
      expect(throttleSubject(kind, { ip: '192.0.2.1', body }, digest, 64)).toBe('ip:192.0.2.1');
    }
  });

  it('counts an IPv6 client by its /64, and an IPv4-mapped one as IPv4', () => {
    const ip = (address: string) => throttleSubject('ip', { ip: address }, digest, 64);
    expect(ip('2001:db8:1:2:aaaa::1')).toBe('ip:2001:db8:1:2::/64');
    expect(ip('2001:db8:1:2:bbbb::2')).toBe(ip('2001:db8:1:2:aaaa::1'));
    expect(ip('2001:db8:1:3::1')).not.toBe(ip('2001:db8:1:2::1'));
    expect(ip('::ffff:192.0.2.1')).toBe('ip:192.0.2.1');
  });
});
