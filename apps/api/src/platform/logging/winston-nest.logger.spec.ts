import { PassThrough } from 'node:stream';
import { Logger } from '@nestjs/common';
import { createLogger } from '@bulwark/logging';
import { describe, expect, it } from 'vitest';
import { WinstonNestLogger } from './winston-nest.logger.js';

function capture(): { nest: WinstonNestLogger; lines: () => Record<string, unknown>[] } {
  const stream = new PassThrough();
  let out = '';
  stream.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const logger = createLogger({
    service: 'test',
    env: 'test',
    version: '1',
    level: 'debug',
    transports: { console: { stream } },
  });
  return {
    nest: new WinstonNestLogger(logger),
    lines: () =>
      out
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe(WinstonNestLogger.name, () => {
  it('logs Nest’s fatal level as an error marked fatal instead of dropping it', () => {
    const { nest, lines } = capture();
    nest.fatal('cannot continue', 'Bootstrap');
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 'error',
        fatal: true,
        message: 'cannot continue',
        context: 'Bootstrap',
      }),
    ]);
  });

  it('writes Nest’s start-up lines at debug, and other contexts’ at their own level', () => {
    const { nest, lines } = capture();
    nest.log('Mapped {/notes, GET} route', 'RouterExplorer');
    nest.log('AppModule dependencies initialized', 'InstanceLoader');
    nest.warn('slow start', 'NestApplication');
    nest.log('ready', 'NotesService');
    expect(lines().map(({ level, context }) => `${String(level)} ${String(context)}`)).toEqual([
      'debug RouterExplorer',
      'debug InstanceLoader',
      'warn NestApplication',
      'info NotesService',
    ]);
  });

  it('reads the context and stack that a Nest Logger appends', () => {
    const { nest, lines } = capture();
    const error = new Error('boom');
    Logger.overrideLogger(nest);
    new Logger('Filter').error('failed', error.stack);
    new Logger('Filter').error('failed without a stack');
    new Logger('Routes').log('mapped');
    Logger.error('static, stack only', error.stack);
    const [withStack, withoutStack, log, staticError] = lines();
    // The stack is there, escaped onto one line like every logged string.
    const escapedStack = expect.stringMatching(/^Error: boom\\n {4}at /) as unknown;
    expect(withStack).toMatchObject({ message: 'failed', context: 'Filter', stack: escapedStack });
    expect(withoutStack).toMatchObject({ message: 'failed without a stack', context: 'Filter' });
    expect(withoutStack).not.toHaveProperty('stack');
    expect(log).toMatchObject({ level: 'info', message: 'mapped', context: 'Routes' });
    expect(staticError).toMatchObject({ message: 'static, stack only', stack: escapedStack });
    expect(staticError).not.toHaveProperty('context');
  });

  it('logs an error as name, message and stack only, never its other properties', () => {
    const { nest, lines } = capture();
    const error = Object.assign(new Error('request failed'), {
      config: { headers: { host: 'billing.internal:8443' } },
    });
    nest.error(error);
    const [line] = lines();
    expect(line).toMatchObject({ message: 'request failed', error: { message: 'request failed' } });
    expect(JSON.stringify(line)).not.toContain('billing.internal');
  });

  it('turns an object message into redacted fields', () => {
    const { nest, lines } = capture();
    nest.debug({ message: 'login', password: 'hunter2', attempts: 3 }, 'Auth');
    expect(lines()).toEqual([
      expect.objectContaining({ message: 'login', password: '[REDACTED]', attempts: 3 }),
    ]);
  });
});
