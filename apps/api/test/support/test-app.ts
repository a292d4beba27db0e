import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamicModule } from '@nestjs/common';
import type { BulwarkLogger } from '@bulwark/logging';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { inject } from 'vitest';
import { createApp } from '../../src/app.factory.js';
import { loadConfig, type AppConfig } from '../../src/app.config.js';
import { captureLogs } from './log-capture.js';
import { createScratchDatabase, type ScratchDatabase, type TestDatabase } from './test-database.js';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly config: AppConfig;
  /** Base URL of the listening server, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  readonly database?: TestDatabase;
  readonly env?: Readonly<Record<string, string>>;
  readonly imports?: DynamicModule['imports'];
  /** Adjusts the validated configuration, e.g. to exercise production-only behaviour. */
  readonly configure?: (config: AppConfig) => AppConfig;
  /** The process logger to use instead of one built from the configuration (to capture output). */
  readonly logger?: (config: AppConfig) => BulwarkLogger;
}

/** Starts the real API on an ephemeral loopback port, on its own data directory and database. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-test-'));
  let scratch: ScratchDatabase | undefined;
  if (options.database?.kind === 'postgres') {
    scratch = await createScratchDatabase(
      options.database.adminUrl,
      inject('migratedPostgresDatabase'),
    );
  }
  const loaded = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'error',
    // Every request comes from 127.0.0.1, and suites fail logins against many accounts: none is
    // banned unless it asks to be (test/ip-bans.e2e-spec.ts).
    IP_BAN_DISTINCT_ACCOUNTS: '1000',
    ...(scratch === undefined ? {} : { DATABASE_URL: scratch.url }),
    ...options.env,
  });
  const config = options.configure?.(loaded) ?? loaded;
  if (config.database.url === undefined && !existsSync(config.database.embeddedDir)) {
    cpSync(inject('migratedEmbeddedDatabase'), config.database.embeddedDir, { recursive: true });
  }
  // Suites provoke errors on purpose, and a passing run should not print their stacks: the app's
  // output is kept in memory unless a suite captures it or TEST_APP_LOGS=1 asks to see it.
  const logger =
    options.logger ?? (process.env.TEST_APP_LOGS === '1' ? undefined : captureLogs().logger);
  const app = await createApp(config, options.imports, logger?.(config));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.getHttpServer().address();
  if (address === null || typeof address === 'string') {
    throw new Error('The test server has no TCP address');
  }
  const scheme = config.http.tls === undefined ? 'http' : 'https';
  return {
    app,
    config,
    url: `${scheme}://127.0.0.1:${address.port}`,
    async close() {
      await app.close();
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
