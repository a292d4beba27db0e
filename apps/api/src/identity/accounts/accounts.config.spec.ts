import { describe, expect, it } from 'vitest';
import { envSchema } from '../../platform/config/env.schema.js';
import { accountsConfigFrom } from './accounts.config.js';

const accounts = (env: Record<string, string>) => accountsConfigFrom(envSchema.parse(env));

describe(accountsConfigFrom.name, () => {
  it('links to the development pages on HOST and PORT when PUBLIC_APP_URL is unset', () => {
    expect(accounts({})).toMatchObject({
      publicAppUrl: 'http://127.0.0.1:3000/dev/account-links',
      devAccountLinks: true,
    });
    expect(accounts({ PORT: '8080' }).publicAppUrl).toBe('http://127.0.0.1:8080/dev/account-links');
    expect(accounts({ HOST: '0.0.0.0' }).publicAppUrl).toBe(
      'http://localhost:3000/dev/account-links',
    );
    expect(accounts({ HOST: '::1' }).publicAppUrl).toBe('http://[::1]:3000/dev/account-links');
    expect(accounts({ TLS_CERT_FILE: 'cert.pem', TLS_KEY_FILE: 'key.pem' }).publicAppUrl).toMatch(
      /^https:\/\/127\.0\.0\.1:3000\//,
    );
  });

  it('links to PUBLIC_APP_URL, without the development pages, when it is set', () => {
    expect(accounts({ PUBLIC_APP_URL: 'http://localhost:5173//' })).toMatchObject({
      publicAppUrl: 'http://localhost:5173',
      devAccountLinks: false,
    });
  });

  it('never serves the development pages in production', () => {
    expect(accounts({ NODE_ENV: 'production' }).devAccountLinks).toBe(false);
  });
});
