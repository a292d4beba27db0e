import { describe, expect, it } from 'vitest';
import { OPAQUE_TOKEN_PATTERN, boundForRedaction, redactSecrets } from './secret-patterns.js';

const REFRESH_TOKEN = `brt_${'A1_-'.repeat(11)}`;

describe(redactSecrets.name, () => {
  it.each([
    ['a JWS', 'jwt=eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln;', 'jwt=[REDACTED];'],
    ['an unsigned JWT', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1In0. end', '[REDACTED] end'],
    ['a JWE', 'eyJhbGciOiJSU0EtT0FFUCJ9.a2V5.aXY.Y2lwaGVy.dGFn', '[REDACTED]'],
    ['a bearer token', 'authorization: Bearer abc.DEF~123+/==', 'authorization: Bearer [REDACTED]'],
    ['a lower-case bearer token', 'bearer opaque-token', 'bearer [REDACTED]'],
    ['a refresh token', `token ${REFRESH_TOKEN}!`, 'token [REDACTED]!'],
    [
      'an encrypted field value',
      'email=ef1:k2024:0:bm9uY2UtY2lwaGVydGV4dC10YWc',
      'email=[REDACTED]',
    ],
    ['a blind index', 'lookup bi1:k1:aG1hYy12YWx1ZQ', 'lookup [REDACTED]'],
    ['a password in a URL', 'redis://:p%40ss@cache:6379/0', 'redis://:[REDACTED]@cache:6379/0'],
  ])('redacts %s', (_kind, input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it('leaves ordinary text alone', () => {
    const text =
      'GET /notes/42?sort=createdAt took 12 ms (brt_short, eyJ alone, https://example.org/a@b)';
    expect(redactSecrets(text)).toBe(text);
  });

  it('exports an opaque-token pattern that is safe to reuse with test()', () => {
    expect(OPAQUE_TOKEN_PATTERN.global).toBe(false);
    expect(OPAQUE_TOKEN_PATTERN.test(REFRESH_TOKEN)).toBe(true);
    expect(OPAQUE_TOKEN_PATTERN.test(REFRESH_TOKEN)).toBe(true);
    expect(OPAQUE_TOKEN_PATTERN.test('brt_tooShort')).toBe(false);
  });

  it.each(['bev_', 'bpr_'])(
    'redacts %s account tokens (verification, reset) like refresh tokens',
    (prefix) => {
      const token = `${prefix}${'Zz9-'.repeat(11)}`;
      expect(redactSecrets(`mailed ${token}.`)).toBe('mailed [REDACTED].');
    },
  );
});

describe(boundForRedaction.name, () => {
  it('keeps text within the bound as it is', () => {
    expect(boundForRedaction('short text', 10)).toBe('short text');
  });

  it('drops the head of a token cut by the bound, whole', () => {
    expect(boundForRedaction(`token ${REFRESH_TOKEN} more`, 20)).toBe('token ');
    expect(boundForRedaction('see postgres://app:secret@db', 22)).toBe('see ');
  });
});
