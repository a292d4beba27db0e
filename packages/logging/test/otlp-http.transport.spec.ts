import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, type BulwarkLogger } from '../src/index.js';
import { OtlpCollector } from './support/otlp-collector.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
// Vitest's asymmetric matchers are typed `any`; `unknown` keeps them out of the type checker's way.
const ANY_STRING: unknown = expect.any(String);
const UNIX_NANO: unknown = expect.stringMatching(/^\d{19}$/);

describe('OTLP/HTTP JSON export', () => {
  const collectors: OtlpCollector[] = [];
  const loggers: BulwarkLogger[] = [];

  afterEach(async () => {
    for (const logger of loggers.splice(0)) {
      logger.close();
    }
    await Promise.all(collectors.splice(0).map((collector) => collector.stop()));
  });

  async function setUp(statuses: readonly number[] = []) {
    const collector = new OtlpCollector(statuses);
    collectors.push(collector);
    await collector.start();
    const warn = vi.fn<(message: string) => void>();
    const logger = createLogger({
      service: 'bulwark-api',
      env: 'production',
      version: '1.2.3',
      context: () => ({ requestId: 'req-1', traceId: TRACE_ID, spanId: SPAN_ID, userId: 'u-42' }),
      warn,
      transports: {
        otlp: {
          endpoint: collector.endpoint,
          headers: { 'x-collector-key': 'k' },
          backoff: { initialMs: 10, maxMs: 40 },
        },
      },
    });
    loggers.push(logger);
    return { collector, logger, warn };
  }

  it('POSTs an ExportLogsServiceRequest in the OTLP JSON encoding to <endpoint>/v1/logs', async () => {
    const { collector, logger } = await setUp();

    logger.warn('quota nearly used', {
      count: 3,
      ratio: 0.5,
      ok: true,
      tags: ['a', 'b'],
      nested: { password: 'hunter2', plan: 'pro' },
      empty: null,
    });

    await vi.waitFor(() => {
      expect(collector.requests).toHaveLength(1);
    });
    const [request] = collector.requests;
    expect(request).toMatchObject({
      method: 'POST',
      url: '/v1/logs',
      contentType: 'application/json',
    });
    expect(request?.body).toEqual({
      resourceLogs: [
        {
          resource: {
            attributes: [
              { key: 'service.name', value: { stringValue: 'bulwark-api' } },
              { key: 'service.version', value: { stringValue: '1.2.3' } },
              { key: 'deployment.environment.name', value: { stringValue: 'production' } },
              { key: 'host.name', value: { stringValue: ANY_STRING } },
            ],
          },
          scopeLogs: [{ scope: { name: '@bulwark/logging' }, logRecords: [expect.any(Object)] }],
        },
      ],
    });
    const [record] = collector.records();
    expect(record).toEqual({
      timeUnixNano: UNIX_NANO,
      observedTimeUnixNano: UNIX_NANO,
      severityNumber: 13,
      severityText: 'warn',
      body: { stringValue: 'quota nearly used' },
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      attributes: [
        { key: 'requestId', value: { stringValue: 'req-1' } },
        { key: 'userId', value: { stringValue: 'u-42' } },
        { key: 'count', value: { intValue: '3' } },
        { key: 'ratio', value: { doubleValue: 0.5 } },
        { key: 'ok', value: { boolValue: true } },
        {
          key: 'tags',
          value: { arrayValue: { values: [{ stringValue: 'a' }, { stringValue: 'b' }] } },
        },
        {
          key: 'nested',
          value: {
            kvlistValue: {
              values: [
                { key: 'password', value: { stringValue: '[REDACTED]' } },
                { key: 'plan', value: { stringValue: 'pro' } },
              ],
            },
          },
        },
        { key: 'empty', value: {} },
      ],
    });
  });

  it('retries with backoff while the collector answers 503, then delivers once', async () => {
    const { collector, logger } = await setUp([503, 503]);

    logger.info('eventually delivered');

    await vi.waitFor(() => {
      expect(collector.requests).toHaveLength(3);
    });
    expect(await logger.flush(1000)).toBe(true);
    expect(collector.records().map((record) => record.body)).toEqual([
      { stringValue: 'eventually delivered' },
      { stringValue: 'eventually delivered' },
      { stringValue: 'eventually delivered' },
    ]);
    expect(logger.stats().otlp).toEqual({
      connected: true,
      buffered: 0,
      dropped: 0,
      droppedAudit: 0,
    });
  });

  it('drops and counts a batch the collector refuses, audit events apart', async () => {
    const { collector, logger, warn } = await setUp([400]);

    logger.info('refused', { audit: true });
    logger.info('refused too');

    await vi.waitFor(() => {
      expect(logger.stats().otlp).toMatchObject({ dropped: 1, droppedAudit: 1 });
    });
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/otlp sink refused 2 events \(1 audit\).*HTTP 400/),
    );
    logger.info('accepted');
    await vi.waitFor(() => {
      expect(collector.requests).toHaveLength(2);
    });
  });
});
