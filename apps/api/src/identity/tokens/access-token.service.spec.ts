import { createHmac, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig, type AppConfig } from '../../app.config.js';
import { AccessTokenService } from './access-token.service.js';
import { InvalidAccessTokenError } from './tokens.errors.js';

const b64 = (value: object | Buffer): string =>
  (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');

describe(AccessTokenService.name, () => {
  let dataDir: string;
  let config: AppConfig;
  let tokens: AccessTokenService;
  const claims = { userId: 'user-1', sessionId: 'session-1' };

  /** Signs with the configured key but lets a test choose any claim or header. */
  function signed(payload: object, options: jwt.SignOptions = {}, header: object = {}): string {
    const key = config.tokens.signingKeys.keys[0]!;
    return jwt.sign({ sid: 'session-1', ...payload }, key.privateKey, {
      algorithm: 'ES256',
      header: { alg: 'ES256', typ: 'at+jwt', kid: key.id, ...header },
      issuer: 'bulwark',
      audience: 'bulwark-api',
      subject: 'user-1',
      jwtid: 'jti-1',
      notBefore: 0,
      expiresIn: 600,
      ...options,
    });
  }

  /** What passport-jwt does with the service's key choice and options (HTTP tests cover the real path). */
  function verify(token: string): unknown {
    const { clockTolerance, ...options } = tokens.verifyOptions();
    return tokens.claimsOf(
      jwt.verify(token, tokens.verificationKeyFor(token), { ...options, clockTolerance }),
    );
  }

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bulwark-tokens-'));
    config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir });
    tokens = new AccessTokenService(config);
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('issues an ES256 at+jwt with kid, iss, aud, sub, sid, jti, iat, nbf and exp within 15 minutes', () => {
    const { token, expiresIn } = tokens.issue(claims);
    const { header, payload } = jwt.decode(token, { complete: true })!;
    expect(header).toEqual({ alg: 'ES256', typ: 'at+jwt', kid: 'dev1' });
    expect(payload).toMatchObject({
      iss: 'bulwark',
      aud: 'bulwark-api',
      sub: 'user-1',
      sid: 'session-1',
    });
    const { iat, nbf, exp, jti } = payload as jwt.JwtPayload;
    expect(typeof jti).toBe('string');
    expect(nbf).toBe(iat);
    expect(exp! - iat!).toBe(expiresIn);
    expect(expiresIn).toBeLessThanOrEqual(900);
    expect(verify(token)).toEqual(claims);
  });

  it('publishes only public keys', () => {
    const { keys } = tokens.jwks();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({
      kid: 'dev1',
      kty: 'EC',
      crv: 'P-256',
      alg: 'ES256',
      use: 'sig',
    });
    expect(keys[0]).not.toHaveProperty('d');
  });

  const attacks: [string, () => string][] = [
    [
      'alg none',
      () =>
        `${b64({ alg: 'none', typ: 'at+jwt', kid: 'dev1' })}.${b64({ sub: 'admin', sid: 's' })}.`,
    ],
    [
      'HS256 signed with the public key',
      () => {
        const publicPem = createPublicKey(config.tokens.signingKeys.keys[0]!.privateKey).export({
          type: 'spki',
          format: 'pem',
        });
        const input = `${b64({ alg: 'HS256', typ: 'at+jwt', kid: 'dev1' })}.${b64({ sub: 'admin', sid: 's', iss: 'bulwark', aud: 'bulwark-api', jti: 'j', nbf: 0 })}`;
        return `${input}.${createHmac('sha256', publicPem).update(input).digest('base64url')}`;
      },
    ],
    ['a wrong issuer', () => signed({}, { issuer: 'someone-else' })],
    ['a wrong audience', () => signed({}, { audience: 'another-api' })],
    ['an expired token', () => signed({}, { notBefore: -120, expiresIn: -60 })],
    ['a token not valid yet', () => signed({}, { notBefore: 3600 })],
    [
      'a jku header pointing at the attacker’s keys',
      () => {
        const attacker = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
        return jwt.sign({ sid: 's' }, attacker, {
          algorithm: 'ES256',
          header: {
            alg: 'ES256',
            typ: 'at+jwt',
            kid: 'dev1',
            jku: 'https://attacker.example/jwks.json',
          },
          issuer: 'bulwark',
          audience: 'bulwark-api',
          subject: 'admin',
          jwtid: 'j',
          notBefore: 0,
          expiresIn: 600,
        });
      },
    ],
    [
      'a tampered payload',
      () => {
        const [header, , signature] = signed({}).split('.');
        return `${header}.${b64({ sub: 'admin', sid: 'session-1', iss: 'bulwark', aud: 'bulwark-api' })}.${signature}`;
      },
    ],
    ['another token type signed with the same key', () => signed({}, {}, { typ: 'JWT' })],
    ['an unknown key id', () => signed({}, {}, { kid: 'retired' })],
    ['a token without a session id', () => signed({ sid: undefined })],
    ['a refresh token', () => `brt_${'A'.repeat(43)}`],
    ['garbage', () => 'not.a.token'],
  ];

  it.each(attacks)('refuses %s', (_label, forge) => {
    expect(() => verify(forge())).toThrow();
  });

  describe('verify, with its cache of verified tokens', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it.each(attacks)('refuses %s, presented once or again', (_label, forge) => {
      const forged = forge();
      expect(() => tokens.verify(forged)).toThrow(InvalidAccessTokenError);
      expect(() => tokens.verify(forged)).toThrow(InvalidAccessTokenError);
    });

    it('cannot be poisoned: a token whose claims match a cached one but whose signature is not ours is refused', () => {
      const genuine = signed({});
      expect(tokens.verify(genuine)).toEqual(claims);
      const [header, payload] = genuine.split('.');
      const attacker = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      const forgedSignature = jwt
        .sign({ sid: 'session-1' }, attacker, { algorithm: 'ES256' })
        .split('.')[2];
      expect(() => tokens.verify(`${header}.${payload}.${forgedSignature}`)).toThrow(
        InvalidAccessTokenError,
      );
      expect(tokens.verify(genuine)).toEqual(claims);
    });

    it('stops answering from the cache once the token expires', () => {
      vi.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
      const token = signed({}, { expiresIn: 60 });
      expect(tokens.verify(token)).toEqual(claims);
      vi.setSystemTime(Date.now() + 70_000);
      expect(() => tokens.verify(token)).toThrow(InvalidAccessTokenError);
    });
  });
});
