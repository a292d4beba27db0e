import { describe, expect, it } from 'vitest';
import { envSchema } from '../../platform/config/env.schema.js';
import { webAuthnConfigFrom, webAuthnConfigViolations } from './webauthn.config.js';

const envOf = (values: Record<string, string>) => envSchema.parse(values);

describe(webAuthnConfigFrom.name, () => {
  it('defaults to the client application of PUBLIC_APP_URL, its host the RP id', () => {
    const config = webAuthnConfigFrom(envOf({ PUBLIC_APP_URL: 'https://app.example.com/login' }));
    expect(config).toMatchObject({ rpId: 'app.example.com', origins: ['https://app.example.com'] });
    expect(config).toMatchObject({ attestation: 'none', refuseCounterRegression: true });
  });

  it('defaults to http://localhost:<PORT> without one', () => {
    expect(webAuthnConfigFrom(envOf({ PORT: '3000' }))).toMatchObject({
      rpId: 'localhost',
      origins: ['http://localhost:3000'],
    });
  });
});

describe(webAuthnConfigViolations.name, () => {
  it('accepts origins on the RP id and its subdomains', () => {
    const env = envOf({
      WEBAUTHN_RP_ID: 'example.com',
      WEBAUTHN_ORIGINS: 'https://example.com,https://app.example.com',
    });
    expect(webAuthnConfigViolations(env)).toEqual([]);
  });

  it.each([
    ['an origin of another site', 'example.com', 'https://example.org', 'not on the RP id'],
    ['a look-alike suffix', 'example.com', 'https://evilexample.com', 'not on the RP id'],
    ['an IP address as RP id', '127.0.0.1', 'http://127.0.0.1:3000', 'domain name'],
    ['a wildcard', 'example.com', '*', 'no wildcard'],
  ])('refuses %s', (_case, rpId, origins, message) => {
    const env = envOf({ WEBAUTHN_RP_ID: rpId, WEBAUTHN_ORIGINS: origins });
    expect(webAuthnConfigViolations(env).join('\n')).toContain(message);
  });

  it('refuses a plain-http origin in production only', () => {
    const values = { WEBAUTHN_RP_ID: 'example.com', WEBAUTHN_ORIGINS: 'http://app.example.com' };
    expect(webAuthnConfigViolations(envOf(values))).toEqual([]);
    expect(webAuthnConfigViolations(envOf({ ...values, NODE_ENV: 'production' }))).toEqual([
      'WEBAUTHN_ORIGINS: production accepts https:// origins only (http://app.example.com)',
    ]);
  });
});
