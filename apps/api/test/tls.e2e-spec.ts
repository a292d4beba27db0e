import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type ConnectionOptions } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDevCertificate } from '../src/platform/tls/dev-certificate.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('native TLS listener', () => {
  let api: TestApp;
  let certDir: string;
  let ca: Buffer;
  let port: number;

  beforeAll(async () => {
    certDir = mkdtempSync(join(tmpdir(), 'bulwark-tls-'));
    const files = await writeDevCertificate(certDir);
    ca = readFileSync(files.certFile);
    api = await startTestApp({
      env: { TLS_CERT_FILE: files.certFile, TLS_KEY_FILE: files.keyFile },
    });
    port = Number(new URL(api.url).port);
  });
  afterAll(async () => {
    await api.close();
    rmSync(certDir, { recursive: true, force: true });
  });

  function handshake(
    options: ConnectionOptions,
  ): Promise<{ protocol: string | null; cipher: string }> {
    return new Promise((resolve, reject) => {
      const socket = connect(
        { host: '127.0.0.1', port, servername: 'localhost', ca, ...options },
        () => {
          resolve({ protocol: socket.getProtocol(), cipher: socket.getCipher().name });
          socket.end();
        },
      );
      socket.once('error', reject);
    });
  }

  it('negotiates TLS 1.3 by default', async () => {
    expect((await handshake({})).protocol).toBe('TLSv1.3');
  });

  it('accepts TLS 1.2 with a forward-secret AEAD suite', async () => {
    const result = await handshake({
      maxVersion: 'TLSv1.2',
      ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256',
    });
    expect(result).toEqual({ protocol: 'TLSv1.2', cipher: 'ECDHE-ECDSA-AES128-GCM-SHA256' });
  });

  it.each([
    ['TLS 1.1', { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' }],
    ['a CBC suite', { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-SHA:AES128-SHA' }],
    ['a suite without forward secrecy', { maxVersion: 'TLSv1.2', ciphers: 'AES128-GCM-SHA256' }],
  ] satisfies [string, ConnectionOptions][])('refuses %s', async (_label, options) => {
    await expect(handshake(options)).rejects.toThrow();
  });

  it('sends HSTS over TLS', async () => {
    const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
      request(`${api.url}/health/live`, { ca, servername: 'localhost' }, (response) => {
        response.resume();
        resolve(response.headers);
      })
        .once('error', reject)
        .end();
    });
    expect(headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });
});
