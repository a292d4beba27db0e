import { SpanStatusCode } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { AllowListedAttributesProcessor } from './allow-listed-attributes.processor.js';

describe('AllowListedAttributesProcessor', () => {
  it('exports allow-listed attributes only, without events or the status message', () => {
    const exported = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      spanProcessors: [new AllowListedAttributesProcessor(new SimpleSpanProcessor(exported))],
    });
    const span = provider.getTracer('test').startSpan('SELECT');
    span.setAttributes({
      'db.system.name': 'postgresql',
      'db.query.text': 'SELECT 1 FROM users WHERE email_index = $1',
      'url.full': 'https://api.example/notes?cursor=eyJhbGciOi',
      'client.address': '203.0.113.9',
      'db.connection_string': 'postgresql://app:s3cret@db:5432/app',
    });
    span.recordException(new Error('duplicate key value: alice@example.com'));
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'alice@example.com exists' });
    span.end();

    const [only] = exported.getFinishedSpans();
    expect(only?.attributes).toEqual({
      'db.system.name': 'postgresql',
      'db.query.text': 'SELECT 1 FROM users WHERE email_index = $1',
    });
    expect(only?.events).toEqual([]);
    expect(only?.status).toEqual({ code: SpanStatusCode.ERROR });
  });
});
