import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { BulwarkLogger } from '@bulwark/logging';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig, type AppConfig } from '../../app.config.js';
import { ConfigModule } from '../config/config.module.js';
import { LoggingModule } from '../logging/logging.module.js';
import { MailModule } from './mail.module.js';
import { MailService } from './mail.service.js';

@Module({})
class TestRootModule {
  static forRoot(config: AppConfig, logger: BulwarkLogger): DynamicModule {
    return {
      module: TestRootModule,
      imports: [ConfigModule.forRoot(config), LoggingModule.forRoot(logger), MailModule],
    };
  }
}

describe(MailModule.name, () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bulwark-mail-module-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends to <DATA_DIR>/outbox when SMTP_URL is unset', async () => {
    const info = vi.fn();
    // MailService calls info() only; a whole winston logger is beside the point here.
    const logger = { info } as unknown as BulwarkLogger;
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir });
    const context = await NestFactory.createApplicationContext(
      TestRootModule.forRoot(config, logger),
      { logger: false },
    );
    try {
      await context.get(MailService).send({ to: 'ada@example.org', subject: 'Hi', text: 'Hello' });
    } finally {
      await context.close();
    }

    expect(readdirSync(join(dataDir, 'outbox'))).toHaveLength(1);
    expect(info).toHaveBeenCalledOnce();
  });
});
