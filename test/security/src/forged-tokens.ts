import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { Prng } from './prng.js';

export const base64url = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

let forgingKey: { privateKey: KeyObject; publicKey: KeyObject } | undefined;

/** A P-256 key of the attacker's: tokens it signs must be refused whatever their header claims. */
export function attackerKey(): { privateKey: KeyObject; publicKey: KeyObject } {
  forgingKey ??= generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return forgingKey;
}

function claims(prng: Prng, expiresInSeconds: number): Record<string, unknown> {
  // Whole minutes: the same seed gives the same claims within a minute.
  const now = Math.floor(Date.now() / 60_000) * 60;
  return {
    sub: `00000000-0000-4000-8000-${prng.string(12, '0123456789abcdef')}`,
    sid: `00000000-0000-4000-8000-${prng.string(12, '0123456789abcdef')}`,
    roles: ['admin'],
    iat: now - 60,
    exp: now + expiresInSeconds,
  };
}

/** A JWT signed with the attacker's key. */
export function es256(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  const input = `${base64url(header)}.${base64url(payload)}`;
  const signature = sign('sha256', Buffer.from(input), {
    key: attackerKey().privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return `${input}.${signature.toString('base64url')}`;
}

/** Tokens a server must refuse: unsigned, wrongly signed, expired, or pointing at foreign keys. */
export function forgedToken(prng: Prng, validToken: string | undefined): string {
  const typ = 'at+jwt';
  const live = claims(prng, 600);
  const forgeries: (() => string)[] = [
    () => `${base64url({ alg: 'none', typ })}.${base64url(live)}.`,
    () => `${base64url({ alg: 'None', typ })}.${base64url(live)}.`,
    () => {
      const input = `${base64url({ alg: 'HS256', typ })}.${base64url(live)}`;
      const mac = createHmac('sha256', prng.string(32)).update(input).digest('base64url');
      return `${input}.${mac}`;
    },
    () => es256({ alg: 'ES256', typ, kid: prng.string(8) }, claims(prng, -3600)),
    () => es256({ alg: 'ES256', typ, jku: 'https://attacker.example/jwks.json' }, live),
    () =>
      es256({ alg: 'ES256', typ, jwk: attackerKey().publicKey.export({ format: 'jwk' }) }, live),
    () => es256({ alg: 'ES256', typ, kid: '../../../../../dev/null' }, live),
    () => es256({ alg: 'ES256', typ, kid: "' OR '1'='1" }, live),
    () => es256({ alg: 'ES256', typ: 'JWT' }, live),
    () => (validToken === undefined ? 'a.b.c' : `${validToken.slice(0, -4)}AAAA`),
    () => {
      if (validToken === undefined) {
        return '..';
      }
      const [, payload = ''] = validToken.split('.');
      return `${base64url({ alg: 'none', typ })}.${payload}.`;
    },
  ];
  return prng.pick(forgeries)();
}
