import { ApiProperty, getSchemaPath, ApiExtraModels } from '@nestjs/swagger';
import type { DependencyStatus } from '../health.errors.js';
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

  @ApiProperty({ description: 'Informational: what file uploads need.' })
  readonly uploads: UploadsStatusDto;

  constructor(
    checks: Readonly<Record<string, DependencyStatus>>,
    logSinks: Readonly<Record<string, LogSinkStatusDto>>,
    uploads: UploadsStatusDto,
  ) {
    this.checks = checks;
    this.logSinks = logSinks;
    this.uploads = uploads;
  }
}
