import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server, type TlsOptions } from 'node:tls';
import { generate } from 'selfsigned';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MOZILLA_INTERMEDIATE } from '../platform/tls/tls-profile.js';
import { parseHostPort, TlsCheckCommand } from './tls-check.command.js';

const servers: Server[] = [];
const directories: string[] = [];

afterEach(() => {
  vi.restoreAllMocks();
  for (const server of servers.splice(0)) {
    server.close();
  }
  for (const directory of directories.splice(0)) {
    rmSync(directory, { recursive: true, force: true });
  }
});

/** A TLS endpoint on loopback whose certificate expires in `days`: its port and certificate. */
async function endpoint(
  days: number,
  options: TlsOptions,
): Promise<{ port: number; cert: string }> {
  const notBeforeDate = new Date();
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + days * 86_400_000),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  const server = createServer({ cert: pems.cert, key: pems.private, ...options }, (socket) =>
    socket.end(),
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : 0,
    cert: pems.cert,
  };
}

/** Runs the command and answers what it printed. */
async function check(
  port: number,
  options: { minDays?: number; ca?: string } = {},
): Promise<string> {
  const printed: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
  const command = new TlsCheckCommand();
  try {
    await command.run([`127.0.0.1:${String(port)}`], options);
  } finally {
    vi.restoreAllMocks();
  }
  return printed.join('');
}

describe(TlsCheckCommand.name, () => {
  it('prints the chain, expiry, protocols and suites of a sound endpoint, trusting --ca', async () => {
    const { port, cert } = await endpoint(90, MOZILLA_INTERMEDIATE);
    const directory = mkdtempSync(join(tmpdir(), 'bulwark-tls-check-'));
    directories.push(directory);
    const ca = join(directory, 'ca.pem');
    writeFileSync(ca, cert);

    const printed = await check(port, { ca });

    expect(printed).toMatch(/chain \(leaf first\):\n {2}0 CN=localhost/);
    expect(printed).toContain('protocols: TLSv1 off, TLSv1.1 off, TLSv1.2 on, TLSv1.3 on');
    expect(printed).toContain('weak suites: none');
    expect(printed).toContain('ok: 89 days left (threshold 30)');
  });

  it('fails on a chain it cannot trust', async () => {
    const { port } = await endpoint(90, MOZILLA_INTERMEDIATE);

    await expect(check(port)).rejects.toThrow(/chain: DEPTH_ZERO_SELF_SIGNED_CERT/);
  });

  it('fails when the certificate has no more days left than --min-days', async () => {
    const { port } = await endpoint(10, MOZILLA_INTERMEDIATE);

    await expect(check(port, { minDays: 30 })).rejects.toThrow(/9 days left, threshold 30/);
  });

  it('fails on an endpoint that still accepts TLS 1.0 and CBC suites', async () => {
    const { port } = await endpoint(90, { minVersion: 'TLSv1', ciphers: 'ALL:@SECLEVEL=0' });

    await expect(check(port)).rejects.toThrow(/TLSv1 handshake accepted[\s\S]*weak suite accepted/);
  });
});

describe(parseHostPort.name, () => {
  it.each([
    ['api.example.com:8443', { host: 'api.example.com', port: 8443 }],
    ['api.example.com', { host: 'api.example.com', port: 443 }],
    ['[::1]:443', { host: '::1', port: 443 }],
  ])('reads %s', (value, expected) => {
    expect(parseHostPort(value)).toEqual(expected);
  });

  it.each(['', 'host:99999', 'https://api.example.com'])('refuses %j', (value) => {
    expect(() => parseHostPort(value)).toThrow(/expected host:port/);
  });
});
