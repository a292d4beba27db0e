import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  accessLogHook,
  createAppLogger,
  envSchema,
  loggingConfigFrom,
  requestContextHook,
  securityHeadersHook,
} from '@bulwark/api';
import type { BulwarkLogger } from '@bulwark/logging';
import { createPlainWinstonLogger } from './plain-winston.js';

/**
 * The bare hello of bare-server.ts with some of Bulwark's shell controls, the very hooks the API
 * registers (app.factory.ts), named in BENCH_SHELL: `context` (request id and AsyncLocalStorage),
 * `headers` (the security headers), `log` (the access log: Bulwark's logger, a redacted JSON line
 * to stdout per request), and `winston`: the same access line through a plain winston logger that
 * writes each record as a JSON line to stdout, without redaction, escaping, field order or request
 * context: the least a line costs with the logger the template is built on. Listens on BENCH_PORT.
 */
@Controller()
class HelloController {
  @Get('hello')
  hello(): { status: string } {
    return { status: 'ok' };
  }
}

@Module({ controllers: [HelloController] })
class ShellModule {}

const controls = new Set((process.env.BENCH_SHELL ?? '').split(',').filter((name) => name !== ''));
const adapter = new FastifyAdapter();
const fastify = adapter.getInstance();
if (controls.has('context')) {
  fastify.addHook('onRequest', requestContextHook);
}
if (controls.has('headers')) {
  fastify.addHook('onRequest', securityHeadersHook(false));
}
if (controls.has('log')) {
  const env = envSchema.parse({ LOG_LEVEL: 'info', LOG_FORMAT: 'json' });
  fastify.addHook(
    'onResponse',
    accessLogHook(createAppLogger({ env: 'production', logging: loggingConfigFrom(env) })),
  );
}
if (controls.has('winston')) {
  const plain = createPlainWinstonLogger(process.stdout);
  // The hook only calls info(); the plain logger lacks the stats() and flush() it never uses.
  fastify.addHook('onResponse', accessLogHook(plain as BulwarkLogger));
}
const app = await NestFactory.create<NestFastifyApplication>(ShellModule, adapter, {
  logger: false,
});
await app.listen({ host: '127.0.0.1', port: Number(process.env.BENCH_PORT) });
