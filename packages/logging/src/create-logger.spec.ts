import { AsyncLocalStorage } from 'node:async_hooks';
import { Writable } from 'node:stream';
import TransportStream from 'winston-transport';
import type winston from 'winston';
import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.js';
import type { LogContext } from './log-context.js';
import type { LoggerOptions } from './logger-options.js';

const JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1LTQyIn0.c2lnbmF0dXJl';
const REFRESH_TOKEN = `brt_${'x'.repeat(43)}`;

// Vitest's asymmetric matchers are typed `any`; `unknown` keeps them out of the type checker's way.
const ANY_STRING: unknown = expect.any(String);

const settle = () => new Promise((resolve) => setImmediate(resolve));

function captureConsole(options: Partial<LoggerOptions> = {}, format: 'json' | 'pretty' = 'json') {
  let output = '';
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      output += String(chunk);
      callback();
    },
  });
  const logger = createLogger({
    service: 'bulwark-api',
    env: 'test',
    version: '1.2.3',
    transports: { console: { stream, format } },
    ...options,
  });
  const lines = async (): Promise<Record<string, unknown>[]> => {
    await settle();
    return output
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  };
  return { logger, lines, output: () => output };
}

// Accepts one event per millisecond, so that winston has to queue behind it.
class SlowTransport extends TransportStream {
  readonly records: winston.Logform.TransformableInfo[] = [];

  override log(record: winston.Logform.TransformableInfo, next: () => void): void {
    this.records.push(record);
    setTimeout(next, 1);
  }
}

describe(createLogger.name, () => {
  it('writes one JSON line per event, standard fields first', async () => {
    const { logger, lines } = captureConsole();
    logger.info('hello', { extra: 1, service: 'spoofed' });
    const [line] = await lines();
    expect(Object.keys(line ?? {})).toEqual([
      'timestamp',
      'level',
      'message',
      'service',
      'env',
      'version',
      'extra',
    ]);
    expect(line).toMatchObject({
      level: 'info',
      message: 'hello',
      service: 'bulwark-api',
      env: 'test',
      version: '1.2.3',
    });
    expect(line?.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('merges the request context into every line, over meta fields of the same name', async () => {
    const context: LogContext = {
      requestId: 'req-1',
      userId: 'u-1',
      ip: '203.0.113.7',
      traceId: undefined,
    };
    const { logger, lines } = captureConsole({ context: () => context });
    logger.warn('denied', { userId: 'forged', targetUserId: 'u-2' });
    logger.info('again');
    const [first, second] = await lines();
    expect(first).toMatchObject({
      requestId: 'req-1',
      userId: 'u-1',
      ip: '203.0.113.7',
      targetUserId: 'u-2',
    });
    expect(first).not.toHaveProperty('traceId');
    expect(second).toMatchObject({ requestId: 'req-1', userId: 'u-1' });
  });

  it('orders context fields after the identity and before the meta, in a fixed order', async () => {
    const { logger, lines } = captureConsole({
      context: () => ({ ip: '203.0.113.7', requestId: 'r' }),
    });
    logger.info('request completed', { method: 'GET', spanId: 'span-1', status: 200, query: [] });
    const [line] = await lines();
    expect(Object.keys(line ?? {})).toEqual([
      'timestamp',
      'level',
      'message',
      'service',
      'env',
      'version',
      'requestId',
      'spanId',
      'ip',
      'method',
      'status',
      'query',
    ]);
  });

  it('still logs when there is no context or the getter throws', async () => {
    const { logger, lines } = captureConsole({
      context: () => {
        throw new Error('no store');
      },
    });
    logger.info('without context');
    expect(await lines()).toEqual([expect.objectContaining({ message: 'without context' })]);
  });

  it('reads the context when the event is logged, even while a transport holds winston back', async () => {
    const storage = new AsyncLocalStorage<LogContext>();
    const { logger } = captureConsole({ context: () => storage.getStore() });
    const slow = new SlowTransport();
    logger.add(slow);
    for (let index = 0; index < 60; index += 1) {
      storage.run({ requestId: `req-${index}` }, () => logger.info(`event ${index}`));
    }
    await expect.poll(() => slow.records.length, { timeout: 5000 }).toBe(60);
    expect(slow.records.map((record) => [record.message, record.requestId])).toEqual(
      Array.from({ length: 60 }, (_, index) => [`event ${index}`, `req-${index}`]),
    );
  });

  it('escapes control characters so that user input stays inside one record', async () => {
    const forged = 'x\r\n{"level":"error","message":"forged"}\u2028';
    const { logger, lines, output } = captureConsole();
    logger.info(forged, { ['field\nname']: { nested: ['tab\there', '\u001b[31mred'] } });
    const parsed = await lines();
    expect(output().split('\n')).toHaveLength(2);
    expect(parsed).toHaveLength(1);
    expect(parsed[0]).toMatchObject({
      level: 'info',
      message: 'x\\r\\n{"level":"error","message":"forged"}\\u2028',
      ['field\\nname']: { nested: ['tab\\there', '\\u001b[31mred'] },
    });
  });

  it('redacts secrets from the message and every field without touching the caller objects', async () => {
    const meta = {
      user: { email: 'a@example.org', password: 'hunter2' },
      headers: { authorization: `Bearer ${JWT}`, 'user-agent': 'curl' },
      notes: [`rotated ${REFRESH_TOKEN}`],
    };
    const snapshot = structuredClone(meta);
    const { logger, lines, output } = captureConsole();
    logger.info(`login with ${JWT}`, meta);
    const [line] = await lines();
    expect(line).toMatchObject({
      message: 'login with [REDACTED]',
      user: { email: 'a@example.org', password: '[REDACTED]' },
      headers: { authorization: '[REDACTED]', 'user-agent': 'curl' },
      notes: ['rotated [REDACTED]'],
    });
    expect(output()).not.toMatch(/hunter2|eyJ|brt_/);
    expect(meta).toEqual(snapshot);
  });

  it('logs errors as name, message and stack, redacted', async () => {
    const { logger, lines, output } = captureConsole();
    logger.error(new Error(`verification failed for ${JWT}`));
    logger.error('refresh failed', { error: new RangeError(`reused ${REFRESH_TOKEN}`) });
    const [lone, nested] = await lines();
    expect(lone).toMatchObject({
      level: 'error',
      message: 'verification failed for [REDACTED]',
      error: {
        name: 'Error',
        message: 'verification failed for [REDACTED]',
        stack: ANY_STRING,
      },
    });
    expect(nested).toMatchObject({
      message: 'refresh failed',
      error: { name: 'RangeError', message: 'reused [REDACTED]' },
    });
    expect(output()).not.toMatch(/eyJ|brt_/);
  });

  it('skips the formats of an event below every transport’s level', async () => {
    const { logger, lines } = captureConsole({ level: 'info' });
    let read = false;
    // Nested: winston itself copies the top level of meta; only the formats walk deeper.
    const meta = {
      nested: {
        get payload(): string {
          read = true;
          return 'expensive';
        },
      },
    };
    logger.debug('filtered', meta);
    logger.info('kept');
    expect((await lines()).map((line) => line.message)).toEqual(['kept']);
    expect(read).toBe(false);
  });

  it('applies the same pipeline to child loggers', async () => {
    const { logger, lines } = captureConsole({ context: () => ({ requestId: 'req-9' }) });
    logger.child({ component: 'auth' }).info('child line', { token: 'secret-value' });
    expect(await lines()).toEqual([
      expect.objectContaining({ component: 'auth', requestId: 'req-9', token: '[REDACTED]' }),
    ]);
  });

  it('writes a placeholder instead of throwing when an event cannot be serialised', async () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const { logger, lines } = captureConsole();
    expect(() => logger.info('odd', { value: proxy })).not.toThrow();
    expect(await lines()).toEqual([
      {
        timestamp: ANY_STRING,
        level: 'info',
        message: '[log entry could not be serialised safely]',
        service: 'bulwark-api',
        env: 'test',
        version: '1.2.3',
      },
    ]);
  });

  it('prints human-readable lines in development when asked', async () => {
    const { logger, output } = captureConsole({ env: 'development' }, 'pretty');
    logger.info('hello', { password: 'hunter2', requestId: 'req-1' });
    await settle();
    expect(output()).toMatch(
      /^\S+Z \S*info\S* hello \{"requestId":"req-1","password":"\[REDACTED\]"\}\n$/,
    );
  });

  it('redacts secrets in pretty lines as in JSON ones, in the message and in fields', async () => {
    const { logger, output } = captureConsole({ env: 'development' }, 'pretty');
    logger.info(`refreshed with ${REFRESH_TOKEN}`, { note: `Bearer ${JWT}` });
    await settle();
    expect(output()).toContain('[REDACTED]');
    expect(output()).not.toContain(JWT);
    expect(output()).not.toContain(REFRESH_TOKEN);
  });

  it.each(['production', 'test', 'staging'])('refuses pretty output when env is %s', (env) => {
    expect(() =>
      createLogger({
        service: 's',
        env,
        version: '1',
        transports: { console: { format: 'pretty' } },
      }),
    ).toThrow(/development only/);
  });

  it.each<[string, Partial<LoggerOptions>, RegExp]>([
    ['an empty service name', { service: ' ' }, /service must not be empty/],
    ['no transport', { transports: {} }, /at least one transport/],
    [
      'cleartext OTLP to another host in production',
      { env: 'production', transports: { otlp: { endpoint: 'http://collector.internal:4318' } } },
      /https in production/,
    ],
    [
      'a malformed OTLP endpoint',
      { transports: { otlp: { endpoint: 'collector:4318' } } },
      /absolute http\(s\) URL/,
    ],
    [
      'a client certificate without its key',
      { transports: { syslog: { host: 'logs', certFile: '/etc/ssl/client.crt' } } },
      /certFile and syslog.keyFile go together/,
    ],
    [
      'a CA file that cannot be read',
      { transports: { syslog: { host: 'logs', caFile: '/nonexistent/ca.pem' } } },
      /syslog.caFile: cannot read/,
    ],
    [
      'a zero buffer',
      { transports: { syslog: { host: 'logs', bufferSize: 0 } } },
      /bufferSize must be a positive integer/,
    ],
  ])('refuses %s', (_case, options, message) => {
    expect(() => createLogger({ service: 'api', env: 'test', version: '1', ...options })).toThrow(
      message,
    );
  });
});
