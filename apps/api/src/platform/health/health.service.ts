import { Inject, Injectable } from '@nestjs/common';
import type { BulwarkLogger } from '@bulwark/logging';
import {
  HealthIndicatorService,
  TypeOrmHealthIndicator,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { APP_LOGGER } from '../logging/logging.module.js';
import { REDIS_CLIENT } from '../redis/redis.tokens.js';
import { FILE_STORE, type FileStore } from '../file-store/file-store.js';
import { MALWARE_SCANNER_PROBE, type ScannerProbe } from './scanner-probe.js';
import { UploadsStatusDto } from './dto/uploads-status.dto.js';
import { LogSinkStatusDto } from './dto/log-sink-status.dto.js';
import { CertificateStatusDto } from './dto/certificate-status.dto.js';
import { ReadinessDto } from './dto/readiness.dto.js';
import { ServingCertificate } from '../tls/serving-certificate.js';
import { NotReadyError, type DependencyStatus } from './health.errors.js';

const DATABASE_PING_TIMEOUT_MS = 1_500;
const REDIS_PING_TIMEOUT_MS = 1_000;
const UPLOADS_CHECK_TIMEOUT_MS = 1_000;

@Injectable()
export class HealthService {
  constructor(
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(APP_LOGGER) private readonly logger: BulwarkLogger,
    @Inject(REDIS_CLIENT) private readonly redis: Redis | null,
    private readonly certificate: ServingCertificate,
    @Inject(FILE_STORE) private readonly fileStore: FileStore,
    @Inject(MALWARE_SCANNER_PROBE) private readonly scanner: ScannerProbe,
  ) {}

  /**
   * Pings every dependency; reports only up/down so that no driver message reaches a client. Log
   * sink counters and the served certificate's expiry come along for monitoring: numbers and a
   * date only, never a host name or an error.
   */
  async readiness(): Promise<ReadinessDto> {
    const [uploads, ...results] = await Promise.all([
      this.uploadsStatus(),
      this.database.pingCheck('database').withTimeout(DATABASE_PING_TIMEOUT_MS),
      ...this.redisCheck(),
    ]);
    const checks = Object.fromEntries(results.flatMap(statusEntries));
    if (Object.values(checks).includes('down')) {
      throw new NotReadyError(checks);
    }
    const { file, syslog, otlp } = this.logger.stats();
    const logSinks = Object.entries({ file, syslog, otlp }).flatMap(([name, stats]) =>
      stats === undefined ? [] : [[name, new LogSinkStatusDto(stats)] as const],
    );
    const certificate = this.certificate.expiry();
    return new ReadinessDto(
      checks,
      Object.fromEntries(logSinks),
      certificate === undefined ? undefined : new CertificateStatusDto(certificate),
      uploads,
    );
  }

  /**
   * Informational, like the log sinks: with the store or the scanner down, uploads fail or stay
   * pending (never served unscanned) while everything else works, so the instance stays ready.
   */
  private async uploadsStatus(): Promise<UploadsStatusDto> {
    const reachable = async (check: () => Promise<void>): Promise<DependencyStatus> => {
      const result = await this.indicators
        .check('probe')
        .attempt(check)
        .withTimeout(UPLOADS_CHECK_TIMEOUT_MS);
      return result.probe.status === 'up' ? 'up' : 'down';
    };
    return new UploadsStatusDto(
      await reachable(() => this.fileStore.check()),
      this.scanner.configured ? await reachable(() => this.scanner.ping()) : 'unconfigured',
    );
  }

  /** None when REDIS_URL is unset: lockouts and session liveness then live in this process. */
  private redisCheck(): PromiseLike<HealthIndicatorResult>[] {
    const { redis } = this;
    if (redis === null) {
      return [];
    }
    const ping = this.indicators.check('redis').attempt(async () => {
      await redis.ping();
    });
    return [ping.withTimeout(REDIS_PING_TIMEOUT_MS)];
  }
}

function statusEntries(result: HealthIndicatorResult): [string, DependencyStatus][] {
  return Object.entries(result).map(([name, { status }]) => [
    name,
    status === 'up' ? 'up' : 'down',
  ]);
}
