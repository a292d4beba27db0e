import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envSchema } from './env.schema.js';
import { productionPolicyViolations } from './production-policy.js';
import { databaseUrlTlsViolations } from './database-url.js';

const violations = (url: string): string[] =>
  productionPolicyViolations(envSchema.parse({ NODE_ENV: 'production', DATABASE_URL: url })).filter(
    (line) => line.startsWith('DATABASE_URL'),
  );

describe(databaseUrlTlsViolations.name, () => {
  let dir: string;
  let caFile: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bulwark-database-url-'));
    caFile = join(dir, 'rds-global-bundle.pem');
    writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\n');
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts a remote server reached with sslmode=verify-full, with a private CA or public roots', () => {
    expect(violations('postgres://api:pw@db.internal:5432/bulwark?sslmode=verify-full')).toEqual(
      [],
    );
    expect(
      violations(`postgres://api:pw@db.internal/bulwark?sslmode=verify-full&sslrootcert=${caFile}`),
    ).toEqual([]);
  });

  it.each([
    ['no sslmode at all', 'postgres://api:pw@db.internal/bulwark'],
    ['sslmode=require', 'postgres://api:pw@db.internal/bulwark?sslmode=require'],
    ['sslmode=verify-ca', 'postgres://api:pw@db.internal/bulwark?sslmode=verify-ca'],
    ['sslmode=no-verify', 'postgres://api:pw@db.internal/bulwark?sslmode=no-verify'],
    ['sslmode=disable', 'postgres://api:pw@10.0.3.7/bulwark?sslmode=disable'],
    ['ssl=true only', 'postgres://api:pw@db.internal/bulwark?ssl=true'],
    ['a loopback URL whose ?host= sends pg elsewhere', 'postgres://api@127.0.0.1/b?host=db.evil'],
    ['no host (pg would take PGHOST)', 'postgres://api:pw@/bulwark'],
  ])('refuses %s in production', (_name, url) => {
    expect(violations(url)).toEqual([
      expect.stringMatching(/^DATABASE_URL: production needs sslmode=verify-full /),
    ]);
  });

  it.each([
    ['127.0.0.1', 'postgres://api@127.0.0.1:5432/bulwark'],
    ['localhost', 'postgres://api@localhost/bulwark'],
    ['::1', 'postgres://api@[::1]:5432/bulwark'],
    ['a Unix socket', 'postgres://api@%2Fvar%2Frun%2Fpostgresql/bulwark'],
  ])('lets a server on %s go without TLS: nothing crosses a network', (_name, url) => {
    expect(violations(url)).toEqual([]);
  });

  it('refuses an sslrootcert that cannot be read, without echoing the URL', () => {
    const problems = violations(
      'postgres://api:hunter2@db.internal/b?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem',
    );
    expect(problems).toEqual([
      expect.stringMatching(/^DATABASE_URL: cannot be parsed, or the file/),
    ]);
    expect(problems.join()).not.toContain('hunter2');
  });
});
