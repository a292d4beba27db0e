import { AppError } from '../http/app-error.js';

export type DependencyStatus = 'up' | 'down';

export class NotReadyError extends AppError {
  readonly code = 'HEALTH.NOT_READY';

  constructor(readonly checks: Readonly<Record<string, DependencyStatus>>) {
    super('A dependency is not ready');
  }
}
