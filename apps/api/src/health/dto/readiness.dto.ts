import { ApiProperty } from '@nestjs/swagger';
import type { DependencyStatus } from '../health.errors.js';

export class ReadinessDto {
  @ApiProperty({ enum: ['ok'] })
  readonly status = 'ok' as const;

  @ApiProperty({
    description: 'Each dependency by name',
    example: { database: 'up' },
    additionalProperties: { type: 'string', enum: ['up', 'down'] },
  })
  readonly checks: Readonly<Record<string, DependencyStatus>>;

  constructor(checks: Readonly<Record<string, DependencyStatus>>) {
    this.checks = checks;
  }
}
