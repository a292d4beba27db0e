import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger, type BulwarkLogger, type SyslogTlsTransportOptions } from '../src/index.js';
import {
  createSelfSignedCertificate,
  type TlsIdentity,
} from './support/self-signed-certificate.js';
import { SyslogCollector } from './support/syslog-collector.js';

const RFC5424 = /^<(\d+)>1 (\S+) (\S+) (\S+) (\d+) (\S+) - (.*)$/s;

describe('syslog over TLS (RFC 5424 / RFC 5425)', () => {
  let dir: string;
  let trusted: TlsIdentity;
  let untrusted: TlsIdentity;
  const collectors: SyslogCollector[] = [];
  const loggers: BulwarkLogger[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bulwark-logging-'));
    trusted = createSelfSignedCertificate(dir, 'collector');
    untrusted = createSelfSignedCertificate(dir, 'impostor');
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  afterEach(async () => {
    for (const logger of loggers.splice(0)) {
      logger.close();
    }
    await Promise.all(collectors.splice(0).map((collector) => collector.stop()));
  });

  async function startCollector(identity: TlsIdentity, port?: number): Promise<SyslogCollector> {
    const collector = new SyslogCollector(identity);
    collectors.push(collector);
    await collector.start(port);
    return collector;
  }

  function syslogLogger(port: number, syslog: Partial<SyslogTlsTransportOptions> = {}) {
    const warn = vi.fn<(message: string) => void>();
    const logger = createLogger({
      service: 'bulwark-api',
      env: 'test',
      version: '1.2.3',
      context: () => ({ requestId: 'req-1' }),
      warn,
      transports: {
        syslog: {
          host: '127.0.0.1',
          port,
          servername: 'localhost',
          caFile: trusted.certPath,
          hostname: 'api-host',
          backoff: { initialMs: 10, maxMs: 40 },
          ...syslog,
        },
      },
    });
    loggers.push(logger);
    return { logger, warn };
  }

  it('delivers each event as one octet-counted RFC 5424 frame whose MSG is the JSON line', async () => {
    const collector = await startCollector(trusted);
    const { logger } = syslogLogger(collector.port);

    logger.info('login failed for café ☕\r\n<11>1 forged', {
      audit: true,
      event: 'authn_login_fail',
    });
    logger.warn('second');

    await vi.waitFor(() => {
      expect(collector.frames).toHaveLength(2);
    });
    expect(collector.framingErrors).toEqual([]);
    const [first, second] = collector.frames.map((frame) => RFC5424.exec(frame));
    expect(first?.slice(1, 7)).toEqual([
      String(16 * 8 + 6),
      expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      'api-host',
      'bulwark-api',
      String(process.pid),
      'audit',
    ]);
    expect(second?.slice(1, 2)).toEqual([String(16 * 8 + 4)]);
    expect(second?.[6]).toBe('-');
    expect(collector.frames.join('')).not.toMatch(/[\r\n]/);
    expect(JSON.parse(first?.[7] ?? '')).toMatchObject({
      level: 'info',
      message: 'login failed for café ☕\\r\\n<11>1 forged',
      service: 'bulwark-api',
      requestId: 'req-1',
      audit: true,
      event: 'authn_login_fail',
    });
    expect(logger.stats().syslog).toMatchObject({ connected: true, dropped: 0, droppedAudit: 0 });
  });

  it('refuses a collector whose certificate is not signed by the configured CA', async () => {
    const impostor = await startCollector(untrusted);
    const { logger, warn } = syslogLogger(impostor.port);

    logger.info('must not leave the process');

    await vi.waitFor(() => {
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/unreachable.*self-signed/i));
    });
    expect(impostor.tcpConnections).toBeGreaterThan(0);
    expect(impostor.secureConnections).toBe(0);
    expect(impostor.frames).toEqual([]);
    expect(logger.stats().syslog).toMatchObject({ connected: false, buffered: 1 });
  });

  it('refuses a collector whose certificate names another host', async () => {
    const collector = await startCollector(trusted);
    const { logger, warn } = syslogLogger(collector.port, { servername: 'logs.example.org' });

    logger.info('must not leave the process');

    await vi.waitFor(() => {
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/ERR_TLS_CERT_ALTNAME_INVALID/));
    });
    expect(collector.secureConnections).toBe(0);
    expect(collector.frames).toEqual([]);
  });

  it('keeps logging without blocking while the collector is down, counts drops, warns once and resumes', async () => {
    const collector = await startCollector(trusted);
    const port = collector.port;
    const { logger, warn } = syslogLogger(port, { bufferSize: 10, batchSize: 5 });
    logger.info('before the outage');
    await vi.waitFor(() => {
      expect(collector.frames).toHaveLength(1);
    });

    await collector.stop();
    await vi.waitFor(() => {
      expect(logger.stats().syslog?.connected).toBe(false);
    });
    for (let index = 0; index < 30; index += 1) {
      logger.info(`during the outage ${index}`);
    }
    logger.info('audit event during the outage', { audit: true });
    logger.info('one more');

    // Nothing queued in front of the transports: every call returned with its event buffered or counted.
    expect(logger.writableLength).toBe(0);
    expect(logger.stats().syslog).toEqual({
      connected: false,
      buffered: 10,
      dropped: 22,
      droppedAudit: 0,
    });
    expect(warn.mock.calls.filter(([message]) => message.includes('buffer is full'))).toHaveLength(
      1,
    );

    const restarted = await startCollector(trusted, port);
    await vi.waitFor(() => {
      expect(restarted.frames).toHaveLength(10);
    });
    logger.info('after the outage');
    await vi.waitFor(() => {
      expect(restarted.frames).toHaveLength(11);
    });

    const messages = restarted.messages().map((message) => message.message);
    expect(messages).toContain('audit event during the outage');
    expect(messages.at(-1)).toBe('after the outage');
    expect(logger.stats().syslog).toMatchObject({ connected: true, buffered: 0, droppedAudit: 0 });
  });
});
