import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { Entity, PrimaryColumn } from 'typeorm';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../app.config.js';
import { ConfigModule } from '../config/config.module.js';
import { createAppLogger } from '../logging/app-logger.factory.js';
import { LoggingModule } from '../logging/logging.module.js';
import { DatabaseModule } from './database.module.js';

@Entity('forgotten_things')
class ForgottenThing {
  @PrimaryColumn('uuid')
  id!: string;
}

@Entity('listed_things')
class ListedThing {
  @PrimaryColumn('uuid')
  id!: string;
}

describe(DatabaseModule.name, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-database-module-'));
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses to open the database when an entity class is missing from the list', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'error' });
    const app = NestFactory.createApplicationContext(
      {
        module: class Root {},
        imports: [
          ConfigModule.forRoot(config),
          LoggingModule.forRoot(createAppLogger(config)),
          DatabaseModule.forRoot({ runMigrationsAtStart: false, entities: [ListedThing] }),
        ],
      },
      { logger: false, abortOnError: false },
    );
    await expect(app).rejects.toThrow(
      `Entities not registered with DatabaseModule: ${ForgottenThing.name}`,
    );
  });
});
