import { Injectable } from '@nestjs/common';
import { TypeOrmHealthIndicator, type HealthIndicatorResult } from '@nestjs/terminus';
import { ReadinessDto } from './dto/readiness.dto.js';
import { NotReadyError, type DependencyStatus } from './health.errors.js';

const DATABASE_PING_TIMEOUT_MS = 1_500;

@Injectable()
export class HealthService {
  constructor(private readonly database: TypeOrmHealthIndicator) {}

  /** Pings every dependency; reports only up/down so that no driver message reaches a client. */
  async readiness(): Promise<ReadinessDto> {
    const results = await Promise.all([
      this.database.pingCheck('database').withTimeout(DATABASE_PING_TIMEOUT_MS),
    ]);
    const checks = Object.fromEntries(results.flatMap(statusEntries));
    if (Object.values(checks).includes('down')) {
      throw new NotReadyError(checks);
    }
    return new ReadinessDto(checks);
  }
}

function statusEntries(result: HealthIndicatorResult): [string, DependencyStatus][] {
  return Object.entries(result).map(([name, { status }]) => [
    name,
    status === 'up' ? 'up' : 'down',
  ]);
}
