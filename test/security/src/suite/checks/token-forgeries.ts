import { createHmac, createPublicKey, type JsonWebKey } from 'node:crypto';
import { attackerKey, base64url, es256 } from '../../forged-tokens.js';

export interface Forgery {
  readonly name: string;
  readonly token: string;
}

type Claims = Record<string, unknown>;

function decodePart(part: string | undefined): Claims {
  return JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Claims;
}

function hs256(header: Claims, payload: Claims, secret: Buffer): string {
  const input = `${base64url(header)}.${base64url(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/**
 * Tokens built from a genuine one that a server must refuse: unsigned, signed with its own public
 * key as an HMAC secret (algorithm confusion), with the attacker's key under any header or claims,
 * pointing at the attacker's keys, or with the signature stripped or reused. Without the server's
 * private key no forgery can be validly signed, so claim tampering (exp, iss, aud, typ) always
 * comes with a foreign signature: these prove the signature gate holds whatever the claims say.
 */
export function tokenForgeries(validToken: string, publicKeys: readonly JsonWebKey[]): Forgery[] {
  const [headerPart, payloadPart, signature = ''] = validToken.split('.');
  const header = decodePart(headerPart);
  const payload = decodePart(payloadPart);
  const now = Math.floor(Date.now() / 1000);
  const attacker = (changes: Claims, headerChanges: Claims = {}): string =>
    es256({ ...header, ...headerChanges }, { ...payload, ...changes });
  const confusion = publicKeys.flatMap((jwk) => {
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    const pem = Buffer.from(key.export({ type: 'spki', format: 'pem' }));
    const der = key.export({ type: 'spki', format: 'der' });
    return [
      {
        name: 'HS256 keyed with the public key (PEM)',
        token: hs256({ ...header, alg: 'HS256' }, payload, pem),
      },
      {
        name: 'HS256 keyed with the public key (DER)',
        token: hs256({ ...header, alg: 'HS256' }, payload, der),
      },
    ];
  });
  return [
    { name: 'alg none', token: `${base64url({ ...header, alg: 'none' })}.${payloadPart ?? ''}.` },
    { name: 'alg None', token: `${base64url({ ...header, alg: 'None' })}.${payloadPart ?? ''}.` },
    { name: 'signature stripped', token: `${headerPart ?? ''}.${payloadPart ?? ''}.` },
    {
      name: 'payload changed under the genuine signature',
      token: `${headerPart ?? ''}.${base64url({ ...payload, roles: ['admin'] })}.${signature}`,
    },
    ...confusion,
    { name: 'signed with a wrong key under the genuine kid', token: attacker({}) },
    { name: 'expired', token: attacker({ iat: now - 7200, exp: now - 3600 }) },
    { name: 'not yet valid', token: attacker({ nbf: now + 3600 }) },
    { name: 'wrong issuer', token: attacker({ iss: 'https://attacker.example' }) },
    { name: 'wrong audience', token: attacker({ aud: 'https://attacker.example' }) },
    { name: 'wrong type (typ JWT)', token: attacker({}, { typ: 'JWT' }) },
    {
      name: 'jku pointing at the attacker',
      token: attacker({}, { jku: 'https://attacker.example/.well-known/jwks.json' }),
    },
    {
      name: "jwk embedding the attacker's key",
      token: attacker({}, { jwk: attackerKey().publicKey.export({ format: 'jwk' }) }),
    },
    {
      name: 'x5u pointing at the attacker',
      token: attacker({}, { x5u: 'https://attacker.example/cert.pem' }),
    },
    { name: 'kid path traversal', token: attacker({}, { kid: '../../../../../../dev/null' }) },
    { name: 'kid SQL injection', token: attacker({}, { kid: "x' UNION SELECT 'key" }) },
  ];
}
