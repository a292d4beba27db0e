import { execFile } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATOR, generateLocalSecrets } from '../src/local-secrets.js';
import { readRepoFile } from '../src/repo.js';
import { asRecord, asString } from '../src/values.js';

let dir: string;
const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
const certificate = (name: string): X509Certificate => new X509Certificate(read(name));

beforeAll(async () => {
  dir = await generateLocalSecrets();
});

afterAll(() => {
  rmSync(dirname(dir), { recursive: true, force: true });
});

describe('gen-local-secrets.sh', () => {
  it('writes exactly the files compose.yaml mounts as secrets, and the CA key', () => {
    const compose = asRecord(parse(readRepoFile('infra/docker/compose.yaml')) as unknown);
    const mounted = Object.values(asRecord(compose.secrets)).map((secret) =>
      (asString(asRecord(secret).file) ?? '').replace(/^\.secrets\//, ''),
    );
    expect(readdirSync(dir).sort()).toEqual([...mounted, 'ca-key'].sort());
  });

  it('keeps the directory private and the CA key to its owner', () => {
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'ca-key')).mode & 0o777).toBe(0o600);
  });

  it("keeps the API's secrets to their owner, as the API demands in production", () => {
    const api = [
      'api-tls-key',
      'api-client-key',
      'database-url',
      'redis-url',
      'smtp-url',
      'field-encryption-keys',
      'blind-index-keys',
      'jwt-signing-key',
    ];
    for (const name of api) {
      expect([name, statSync(join(dir, name)).mode & 0o777]).toEqual([name, 0o600]);
    }
  });

  it.each([
    ['postgres-tls-cert', 'postgres'],
    ['redis-tls-cert', 'redis'],
    ['logs-tls-cert', 'logs'],
    ['mail-tls-cert', 'mail'],
    ['api-tls-chain', 'api'],
  ])(
    '%s: a server certificate for %s and the health checks, signed by the local CA',
    (file, host) => {
      const ca = certificate('ca-cert');
      const cert = certificate(file);
      expect(ca.ca).toBe(true);
      expect(cert.ca).toBe(false);
      expect(cert.verify(ca.publicKey)).toBe(true);
      expect(cert.checkHost(host)).toBe(host);
      expect(cert.checkHost('localhost')).toBe('localhost');
      expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
      expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
      expect(
        cert.checkPrivateKey(createPrivateKey(read(file.replace(/-(cert|chain)$/, '-key')))),
      ).toBe(true);
    },
  );

  it("the API's HTTPS chain ends with the CA, and its syslog client certificate names it", () => {
    expect(read('api-tls-chain').endsWith(read('ca-cert'))).toBe(true);
    const client = certificate('api-client-cert');
    expect(client.verify(certificate('ca-cert').publicKey)).toBe(true);
    expect(client.subject).toBe('CN=api');
    expect(client.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
  });

  it('connection URLs demand verified TLS with the mounted CA', () => {
    const database = new URL(read('database-url'));
    expect(database.protocol).toBe('postgres:');
    expect(database.searchParams.get('sslmode')).toBe('verify-full');
    expect(database.searchParams.get('sslrootcert')).toBe('/run/secrets/ca-cert');
    expect(decodeURIComponent(database.password)).toBe(read('postgres-password'));
    const redis = new URL(read('redis-url'));
    expect(redis.protocol).toBe('rediss:');
    expect(redis.password).toBe(read('redis-password'));
    expect(read('redis-auth-conf')).toBe(`requirepass ${read('redis-password')}\n`);
    expect(new URL(read('smtp-url')).protocol).toBe('smtps:');
  });

  it('key rings and the signing key have the formats the API reads', () => {
    for (const ring of ['field-encryption-keys', 'blind-index-keys', 'audit-chain-keys']) {
      const [kid, key = ''] = read(ring).trim().split(':');
      expect(kid).toBe('local1');
      expect(Buffer.from(key, 'base64')).toHaveLength(32);
    }
    expect(read('field-encryption-keys')).not.toBe(read('blind-index-keys'));
    const signing = createPrivateKey(read('jwt-signing-key'));
    expect(read('jwt-signing-key')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(signing.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  it('refuses to overwrite an existing set', async () => {
    const run = promisify(execFile)('bash', [GENERATOR, dir]);
    await expect(run).rejects.toMatchObject({ code: 1 });
  });
});
