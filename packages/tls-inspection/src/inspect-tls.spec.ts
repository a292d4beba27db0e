import { createServer, type Server, type TlsOptions } from 'node:tls';
import { generate } from 'selfsigned';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inspectTls } from './inspect-tls.js';

const VALIDITY_DAYS = 40;
let pems: { cert: string; private: string };
const servers: Server[] = [];

beforeAll(async () => {
  const notBeforeDate = new Date();
  pems = await generate([{ name: 'commonName', value: 'bulwark.test' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + VALIDITY_DAYS * 86_400_000),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
});

afterEach(() => {
  for (const server of servers.splice(0)) {
    server.close();
  }
});

async function listen(options: TlsOptions): Promise<number> {
  const server = createServer({ cert: pems.cert, key: pems.private, ...options }, (socket) =>
    socket.end(),
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

describe(inspectTls.name, () => {
  it('sees only TLS 1.2 and 1.3 with forward-secret AEAD suites on a Mozilla-intermediate server', async () => {
    const port = await listen({
      minVersion: 'TLSv1.2',
      ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305',
    });

    const inspection = await inspectTls({ host: '127.0.0.1', port, ca: pems.cert });

    expect(inspection.protocols).toEqual({
      TLSv1: false,
      'TLSv1.1': false,
      'TLSv1.2': true,
      'TLSv1.3': true,
    });
    expect(inspection.suites).toContain('ECDHE-ECDSA-AES128-GCM-SHA256');
    expect(inspection.suites).toContain('TLS_AES_256_GCM_SHA384');
    expect(inspection.weakSuites).toEqual([]);
    expect(inspection.chainError).toBeUndefined();
    expect(inspection.hostnameError).toBeUndefined();
    expect(inspection.daysLeft).toBe(VALIDITY_DAYS - 1);
    expect(inspection.chain.map((certificate) => certificate.subject)).toEqual(['CN=bulwark.test']);
  });

  it('sees TLS 1.0 and the CBC suites a legacy server accepts', async () => {
    const port = await listen({ minVersion: 'TLSv1', ciphers: 'ALL:@SECLEVEL=0' });

    const inspection = await inspectTls({ host: '127.0.0.1', port, ca: pems.cert });

    expect(inspection.protocols.TLSv1).toBe(true);
    expect(inspection.weakSuites).toContain('ECDHE-ECDSA-AES128-SHA (TLSv1)');
    expect(inspection.weakSuites).toContain('ECDHE-ECDSA-AES128-SHA256');
  });

  it('reports an untrusted chain and a host name the certificate does not cover', async () => {
    const port = await listen({});

    const inspection = await inspectTls({ host: 'localhost', port });

    expect(inspection.chainError).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(inspection.hostnameError).toMatch(/localhost/);
  });

  it('throws when nothing speaks TLS there', async () => {
    await expect(inspectTls({ host: '127.0.0.1', port: 1, timeoutMs: 1_000 })).rejects.toThrow(
      /No TLS handshake/,
    );
  });
});
