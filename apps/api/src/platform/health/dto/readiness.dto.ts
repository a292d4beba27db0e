import { ApiProperty, ApiPropertyOptional, getSchemaPath, ApiExtraModels } from '@nestjs/swagger';
import type { DependencyStatus } from '../health.errors.js';
import { CertificateStatusDto } from './certificate-status.dto.js';
import { LogSinkStatusDto } from './log-sink-status.dto.js';
import { UploadsStatusDto } from './uploads-status.dto.js';

@ApiExtraModels(LogSinkStatusDto)
export class ReadinessDto {
  @ApiProperty({ enum: ['ok'] })
  readonly status = 'ok' as const;

  @ApiProperty({
    description: 'Each dependency by name',
    example: { database: 'up' },
    additionalProperties: { type: 'string', enum: ['up', 'down'] },
  })
  readonly checks: Readonly<Record<string, DependencyStatus>>;

  @ApiProperty({
    description:
      'Each configured log sink (file, syslog, otlp). Informational: a sink that is down never makes the service unready, since its events are buffered and counted.',
    example: { syslog: { connected: true, buffered: 0, dropped: 0, droppedAudit: 0 } },
    additionalProperties: { $ref: getSchemaPath(LogSinkStatusDto) },
  })
  readonly logSinks: Readonly<Record<string, LogSinkStatusDto>>;

  @ApiPropertyOptional({
    description:
      'With native TLS (TLS_CERT_FILE), the certificate being served. Informational: an expiring certificate never makes the service unready; warnings go to the log and the audit trail at 30 and 7 days.',
    type: CertificateStatusDto,
  })
  readonly certificate?: CertificateStatusDto;

  @ApiProperty({ description: 'Informational: what file uploads need.' })
  readonly uploads: UploadsStatusDto;

  constructor(
    checks: Readonly<Record<string, DependencyStatus>>,
    logSinks: Readonly<Record<string, LogSinkStatusDto>>,
    certificate: CertificateStatusDto | undefined,
    uploads: UploadsStatusDto,
  ) {
    this.checks = checks;
    this.logSinks = logSinks;
    this.uploads = uploads;
    if (certificate !== undefined) {
      this.certificate = certificate;
    }
  }
}
