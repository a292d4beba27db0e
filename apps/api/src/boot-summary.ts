import { parse } from 'pg-connection-string';
import type { AppConfig } from './app.config.js';

/**
 * The fields of the line that says the API is listening: what a person needs to start using it,
 * and nothing secret (no credentials of the database or the SMTP relay).
 */
export function bootSummary(
  config: Pick<AppConfig, 'database' | 'mail' | 'docsEnabled'>,
  url: string,
): Record<string, string> {
  const { database, mail } = config;
  const { host, port, database: name } = database.url === undefined ? {} : parse(database.url);
  return {
    database:
      database.url === undefined
        ? `PGlite in ${database.embeddedDir}`
        : `PostgreSQL ${host ?? ''}:${port ?? 5432}/${name ?? ''}`,
    mail:
      mail.transport.kind === 'outbox'
        ? `outbox ${mail.transport.directory} (pnpm cli mail:list)`
        : `SMTP ${mail.transport.endpoint.host}:${mail.transport.endpoint.port}`,
    ...(config.docsEnabled ? { docs: `${url}/docs` } : {}),
  };
}
