import { appError, type ProblemOccurrence } from '../errors/app-error.js';

export type DependencyStatus = 'up' | 'down';

export class NotReadyError extends appError({
  code: 'HEALTH.NOT_READY',
  status: 503,
  type: 'not-ready',
  title: 'The service is not ready.',
}) {
  constructor(readonly checks: Readonly<Record<string, DependencyStatus>>) {
    super('A dependency is not ready');
  }

  override occurrence(): ProblemOccurrence {
    return { extensions: { checks: this.checks } };
  }
}
