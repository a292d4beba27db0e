import { Controller, Get, Logger, Module, Param } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EchoFixtureModule } from './support/echo.fixture.js';
import { captureLogs, type LogCapture, type LogLine } from './support/log-capture.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { testDatabases } from './support/test-database.js';
import { Public } from '../src/platform/route-access/public.decorator.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';

@Public()
@Controller('log-fixture')
class LogFixtureController {
  private readonly logger = new Logger(LogFixtureController.name);

  @Get('items/:id')
  item(@Param('id') id: string): { id: string } {
    this.logger.log('item read');
    return { id };
  }
}

@Module({ controllers: [LogFixtureController] })
class LogFixtureModule {}

describe.each(testDatabases())('structured logging on $kind', (database) => {
  let api: TestApp;
  let logs: LogCapture;

  const accessLineOf = (response: Response): Promise<LogLine> =>
    logs.waitFor(
      (line) =>
        line.message === 'request completed' &&
        line.requestId === response.headers.get('x-request-id'),
    );

  beforeAll(async () => {
    logs = captureLogs();
    api = await startTestApp({
      database,
      imports: [EchoFixtureModule, LogFixtureModule],
      env: { LOG_LEVEL: 'info' },
      logger: logs.logger,
    });
  });
  afterAll(async () => {
    await api.close();
  });

  it('writes one access line per request: route template, status, duration, bytes, never query values', async () => {
    const response = await fetch(`${api.url}/log-fixture/items/42?token=s3cr3t-value&page=2`);
    expect(response.status).toBe(200);
    const line = await accessLineOf(response);
    expect(line).toMatchObject({
      level: 'info',
      method: 'GET',
      route: '/log-fixture/items/:id',
      queryKeys: ['token', 'page'],
      status: 200,
      bytes: Number(response.headers.get('content-length')),
      ip: '127.0.0.1',
      service: 'bulwark-api',
      env: 'test',
    });
    expect(typeof line.durationMs).toBe('number');
    expect(line).not.toHaveProperty('path');
    expect(logs.text()).not.toContain('s3cr3t-value');
    expect(logs.text()).not.toContain('/items/42');
  });

  it('logs the path of an unmatched route, without its query', async () => {
    const response = await fetch(`${api.url}/no-such-route?code=oauth-code-value`);
    expect(await accessLineOf(response)).toMatchObject({
      route: null,
      path: '/no-such-route',
      queryKeys: ['code'],
      status: 404,
    });
    expect(logs.text()).not.toContain('oauth-code-value');
  });

  it('puts the request id and the caller’s trace context on every line of the request', async () => {
    const response = await fetch(`${api.url}/log-fixture/items/7`, {
      headers: { traceparent: `00-${TRACE_ID}-${SPAN_ID}-01` },
    });
    const requestId = response.headers.get('x-request-id');
    const access = await accessLineOf(response);
    const handler = logs
      .lines()
      .find((line) => line.message === 'item read' && line.requestId === requestId);
    for (const line of [access, handler]) {
      expect(line).toMatchObject({ requestId, traceId: TRACE_ID, spanId: SPAN_ID });
    }
    expect(handler).toMatchObject({ context: 'LogFixtureController' });
  });

  it('records input_validation_fail in the log stream and the audit table, field names only', async () => {
    const response = await fetch(`${api.url}/test-fixture/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Ada',
        count: 'not-a-number-value',
        address: { city: 'not-a-city-value'.repeat(100) },
      }),
    });
    expect(response.status).toBe(400);
    const requestId = response.headers.get('x-request-id');
    const line = await logs.waitFor(
      (entry) => entry.event === 'input_validation_fail' && entry.requestId === requestId,
    );
    expect(line).toMatchObject({
      level: 'warn',
      audit: true,
      outcome: 'failure',
      actor: 'anonymous',
      target: 'POST /test-fixture/echo',
      metadata: { fields: ['count', 'address.city'] },
      ip: '127.0.0.1',
    });
    const rows: unknown[] = await api.app
      .get(DataSource)
      .query(
        'SELECT seq, event, outcome, target, ip, metadata, hash FROM audit_events WHERE request_id = $1',
        [requestId],
      );
    expect(rows).toEqual([
      expect.objectContaining({
        event: 'input_validation_fail',
        target: 'POST /test-fixture/echo',
        ip: '127.0.0.1',
        metadata: { fields: ['count', 'address.city'] },
        hash: line.auditHash,
      }),
    ]);
    expect(logs.text()).not.toContain('not-a-number-value');
  });

  it('records fields the API never declared as malicious_extraneous (mass assignment)', async () => {
    const response = await fetch(`${api.url}/test-fixture/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Ada',
        count: 1,
        address: { city: 'London' },
        isAdmin: true,
        roles: ['admin'],
      }),
    });
    expect(response.status).toBe(400);
    const requestId = response.headers.get('x-request-id');
    const line = await logs.waitFor(
      (entry) => entry.event === 'malicious_extraneous' && entry.requestId === requestId,
    );
    expect(line).toMatchObject({
      level: 'warn',
      outcome: 'failure',
      metadata: { fields: ['isAdmin', 'roles'] },
    });
  });
});
