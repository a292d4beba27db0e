import { describe, expect, it } from 'vitest';
import { loadConfig } from './app.config.js';
import { bootSummary } from './boot-summary.js';

describe(bootSummary.name, () => {
  it('names the embedded database, the outbox and the docs', () => {
    const config = loadConfig({ DATA_DIR: '/srv/data' });
    expect(bootSummary(config, 'http://127.0.0.1:3000')).toEqual({
      database: 'PGlite in /srv/data/pglite',
      mail: 'outbox /srv/data/outbox (pnpm cli mail:list)',
      docs: 'http://127.0.0.1:3000/docs',
    });
  });

  it('names PostgreSQL and the SMTP relay without their credentials', () => {
    const config = loadConfig({
      DATA_DIR: '/srv/data',
      DATABASE_URL: 'postgres://api:db-secret@db.internal:5433/bulwark',
      SMTP_URL: 'smtps://mailer:smtp-secret@smtp.example.com',
    });
    const summary = bootSummary({ ...config, docsEnabled: false }, 'https://api.example.com');
    expect(summary).toEqual({
      database: 'PostgreSQL db.internal:5433/bulwark',
      mail: 'SMTP smtp.example.com:465',
    });
    expect(JSON.stringify(summary)).not.toMatch(/secret|api:|mailer/);
  });
});
