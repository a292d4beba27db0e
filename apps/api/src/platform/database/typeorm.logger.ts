import type { BulwarkLogger } from '@bulwark/logging';
import type { Logger } from 'typeorm';

/**
 * TypeORM's own messages (pool errors, migrations) as JSON lines of the application's logger,
 * redacted like every other line, instead of plain text on the console. Queries and failed queries
 * are never logged: their parameters hold secrets, and a failure reaches the request's own error.
 */
export class TypeOrmLogger implements Logger {
  constructor(private readonly logger: BulwarkLogger) {}

  logQuery(): void {
    // Never: see the class comment.
  }

  logQueryError(): void {
    // Never: see the class comment.
  }

  logQuerySlow(time: number): void {
    this.logger.warn('slow database query', { context: 'TypeORM', durationMs: time });
  }

  logSchemaBuild(): void {
    // The schema is built by migrations only (synchronize is off).
  }

  logMigration(message: string): void {
    this.logger.info(message, { context: 'TypeORM' });
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    this.logger.log(level === 'warn' ? 'warn' : 'info', String(message), { context: 'TypeORM' });
  }
}
