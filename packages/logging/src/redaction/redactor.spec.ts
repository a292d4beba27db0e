import { describe, expect, it } from 'vitest';
import { createRedactor } from './redactor.js';

const JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1LTQyIn0.c2lnbmF0dXJl';

describe(createRedactor.name, () => {
  const redact = createRedactor();

  it('redacts sensitive keys at any depth and inside arrays', () => {
    expect(
      redact({
        user: { id: 'u-1', credentials: { password: 'hunter2' } },
        sessions: [{ refreshToken: 'r1' }, { refreshToken: 'r2', device: 'phone' }],
      }),
    ).toEqual({
      user: { id: 'u-1', credentials: '[REDACTED]' },
      sessions: [{ refreshToken: '[REDACTED]' }, { refreshToken: '[REDACTED]', device: 'phone' }],
    });
  });

  it.each([
    'password',
    'Password',
    'PASSWD',
    'newPassword',
    'access_token',
    'AccessToken',
    'refresh-token',
    'clientSecret',
    'Authorization',
    'proxy-authorization',
    'Cookie',
    'set-cookie',
    'Set_Cookie',
    'otp',
    'TOTP',
    'mfaCode',
    'totp_code',
    'recoveryCodes',
    'backup-codes',
    'apiKey',
    'X-API-KEY',
    'privateKey',
    'private_key_pem',
    'key',
    'signingKey',
    'dek',
    'jwk',
  ])('redacts the key %s', (key) => {
    expect(redact({ [key]: 'value' })).toEqual({ [key]: '[REDACTED]' });
  });

  it.each([
    'sessionId',
    'tokenFamilyId',
    'secret_id',
    'keyId',
    'kid',
    'authorized',
    'userId',
    'monkey',
  ])('keeps the key %s, which names no secret', (key) => {
    expect(redact({ [key]: 'value' })).toEqual({ [key]: 'value' });
  });

  it('redacts keys given as extra keys, normalised the same way', () => {
    expect(
      createRedactor({ extraKeys: ['national-id'] })({ NationalID: 'x', nationalIdCountry: 'FR' }),
    ).toEqual({
      NationalID: '[REDACTED]',
      nationalIdCountry: 'FR',
    });
  });

  it('redacts secret patterns inside strings under harmless keys', () => {
    expect(redact({ note: `sent ${JWT} twice`, list: [`Bearer ${JWT}`] })).toEqual({
      note: 'sent [REDACTED] twice',
      list: ['Bearer [REDACTED]'],
    });
  });

  it('never modifies its input', () => {
    const input = { a: { password: 'hunter2', note: `token ${JWT}` }, list: [{ secret: 's' }] };
    const snapshot = structuredClone(input);
    redact(input);
    expect(input).toEqual(snapshot);
  });

  it('replaces cycles but keeps objects that are merely shared', () => {
    const shared = { plan: 'pro' };
    const node: Record<string, unknown> = { name: 'root', left: shared, right: shared };
    node.self = node;
    expect(redact(node)).toEqual({ name: 'root', left: shared, right: shared, self: '[Circular]' });
  });

  it('stops at the maximum depth', () => {
    expect(createRedactor({ maxDepth: 2 })({ a: { b: { c: 'deep' } } })).toEqual({
      a: { b: '[Truncated]' },
    });
  });

  it('cuts long strings after redacting them', () => {
    const tail = ' and more'.repeat(5);
    expect(createRedactor({ maxStringLength: 50 })({ text: `${JWT}${tail}` })).toEqual({
      text: `${`[REDACTED]${tail}`.slice(0, 50)}…[truncated 5 chars]`,
    });
  });

  it('lets no pattern see more than twice the kept length, and drops a secret cut at that bound', () => {
    const text = `${'a '.repeat(5)}${JWT}${' tail'.repeat(20_000)}`;
    const { text: kept } = createRedactor({ maxStringLength: 12 })({ text }) as { text: string };
    expect(kept).toBe(`a a a a a …[truncated ${text.length - 10} chars]`);
  });

  it('reduces errors to name, message, stack and cause, all redacted', () => {
    const cause = new Error(`upstream said Bearer ${JWT}`);
    const error = Object.assign(new TypeError(`bad token ${JWT}`, { cause }), {
      config: { headers: { Authorization: 'Basic dXNlcjpwYXNz' } },
    });
    const redacted = redact({ error }) as { error: Record<string, unknown> };
    // Vitest's asymmetric matchers are typed `any`; `unknown` keeps them out of the type checker's way.
    const stack: unknown = expect.stringMatching(/^TypeError: bad token \[REDACTED\]\n/);
    const causeStack: unknown = expect.stringContaining('upstream said Bearer [REDACTED]');
    expect(redacted.error).toEqual({
      name: 'TypeError',
      message: 'bad token [REDACTED]',
      stack,
      cause: {
        name: 'Error',
        message: 'upstream said Bearer [REDACTED]',
        stack: causeStack,
      },
    });
    expect(JSON.stringify(redacted)).not.toContain(JWT);
  });

  it('turns values JSON cannot hold, or must not, into safe text', () => {
    const getterThrows = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get: () => {
        throw new Error('no');
      },
    });
    expect(
      redact({
        big: 2n ** 70n,
        bytes: Buffer.from('key material'),
        at: new Date(0),
        fn: () => 1,
        getterThrows,
        url: new URL('postgres://app:s3cret@db:5432/app'),
        ['__proto__']: 'plain key',
      }),
    ).toEqual({
      big: '1180591620717411303424',
      bytes: '[Binary 12 bytes]',
      at: '1970-01-01T00:00:00.000Z',
      getterThrows: { boom: '[Unreadable]' },
      url: 'postgres://app:[REDACTED]@db:5432/app',
      ['__proto__']: 'plain key',
    });
  });
});
