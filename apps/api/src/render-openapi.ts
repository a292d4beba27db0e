import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { loadConfig } from './app.config.js';
import { createAppLogger } from './platform/logging/app-logger.factory.js';
import { buildOpenApiDocument } from './access/openapi/openapi-document.js';

/** The OpenAPI document as committed: built from route metadata alone, without connecting anything. */
export async function renderOpenApiDocument(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-openapi-'));
  try {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir });
    // Preview mode resolves the module graph without instantiating providers.
    const app = await NestFactory.create(
      AppModule.forRoot(config, createAppLogger(config)),
      new FastifyAdapter(),
      {
        preview: true,
        logger: false,
      },
    );
    const document = buildOpenApiDocument(app);
    await app.close();
    return `${JSON.stringify(document, null, 2)}\n`;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
