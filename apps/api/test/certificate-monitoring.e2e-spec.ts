import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { Registry } from 'prom-client';
import { generate } from 'selfsigned';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateExpiryMonitor } from '../src/security/certificate-expiry/certificate-expiry.monitor.js';
import { captureLogs, type LogCapture } from './support/log-capture.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('certificate monitoring of the native TLS listener', () => {
  let api: TestApp;
  let logs: LogCapture;
  let directory: string;
  const certFile = (): string => join(directory, 'cert.pem');
  const keyFile = (): string => join(directory, 'key.pem');

  /** Writes a certificate for 127.0.0.1 valid `days` from now over the configured files. */
  async function renew(days: number): Promise<void> {
    const notBeforeDate = new Date();
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate,
      notAfterDate: new Date(notBeforeDate.getTime() + days * 86_400_000),
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    writeFileSync(certFile(), pems.cert);
    writeFileSync(keyFile(), pems.private, { mode: 0o600 });
  }

  /** The notAfter of the certificate a new connection gets. */
  function servedValidTo(): Promise<string> {
    const { port } = new URL(api.url);
    return new Promise((resolve, reject) => {
      // The certificate itself is under test here, not its trust.
      const socket = connect(
        { host: '127.0.0.1', port: Number(port), rejectUnauthorized: false },
        () => {
          resolve(new Date(socket.getPeerCertificate().valid_to).toISOString());
          socket.end();
        },
      );
      socket.once('error', reject);
    });
  }

  function readiness(): Promise<{ certificate?: { daysLeft: number; validTo: string } }> {
    return new Promise((resolve, reject) => {
      get(`${api.url}/health/ready`, { rejectUnauthorized: false }, (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          resolve(JSON.parse(body) as { certificate?: { daysLeft: number; validTo: string } });
        });
      }).once('error', reject);
    });
  }

  async function warnings(): Promise<{ daysLeft: number; thresholdDays: number }[]> {
    const rows: { metadata: { daysLeft: number; thresholdDays: number } }[] = await api.app
      .get(DataSource)
      .query(
        "SELECT metadata FROM audit_events WHERE event = 'sys_certificate_expiring' ORDER BY seq",
      );
    return rows.map(({ metadata }) => ({
      daysLeft: metadata.daysLeft,
      thresholdDays: metadata.thresholdDays,
    }));
  }

  /** What an operator does after renewing: `kill -HUP <pid>`; resolves on the line it logs. */
  async function reloadAndWait(message: RegExp): Promise<void> {
    const before = logs.lines().length;
    process.emit('SIGHUP', 'SIGHUP');
    for (let attempt = 0; attempt < 250; attempt += 1) {
      if (
        logs
          .lines()
          .slice(before)
          .some((line) => message.test(String(line.message)))
      ) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`No log line ${String(message)} after SIGHUP`);
  }

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'bulwark-certificates-'));
    await renew(20);
    logs = captureLogs();
    api = await startTestApp({
      env: { TLS_CERT_FILE: certFile(), TLS_KEY_FILE: keyFile(), LOG_LEVEL: 'info' },
      logger: logs.logger,
    });
  });
  afterAll(async () => {
    await api.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('reports the days left on the served certificate in /health/ready', async () => {
    expect((await readiness()).certificate?.daysLeft).toBe(19);
  });

  it('exports the served notAfter for the certificate-expiry alert rule', async () => {
    const metric = await api.app
      .get(Registry)
      .getSingleMetric('bulwark_tls_certificate_expiry_timestamp_seconds')
      ?.get();

    expect(metric?.values).toEqual([
      {
        labels: { certificate: 'serving' },
        value: new Date(await servedValidTo()).getTime() / 1000,
      },
    ]);
  });

  it('warns the log and the audit trail once when 30 days or fewer are left', async () => {
    await api.app.get(CertificateExpiryMonitor).check();

    expect(await warnings()).toEqual([{ daysLeft: 19, thresholdDays: 30 }]);
    expect(
      logs
        .lines()
        .filter((line) => line.event === 'sys_certificate_expiring' && line.level === 'warn'),
    ).toHaveLength(1);
  });

  it('serves a renewed certificate after SIGHUP, without a restart, and warns again at 7 days', async () => {
    await renew(5);
    await reloadAndWait(/^TLS certificate reloaded$/);

    expect(await servedValidTo()).toBe((await readiness()).certificate?.validTo);
    expect((await readiness()).certificate?.daysLeft).toBe(4);
    expect(await warnings()).toEqual([
      { daysLeft: 19, thresholdDays: 30 },
      { daysLeft: 4, thresholdDays: 7 },
    ]);
  });

  it('keeps serving the previous certificate when the renewed file cannot be used', async () => {
    const served = await servedValidTo();
    writeFileSync(certFile(), 'not a certificate');

    await reloadAndWait(/^TLS certificate reload failed/);

    expect(await servedValidTo()).toBe(served);
    expect((await readiness()).certificate?.daysLeft).toBe(4);
  });
});
