import { ApiProperty } from '@nestjs/swagger';
import type { DependencyStatus } from '../health.errors.js';

/** What uploads depend on; a `down` here leaves the service ready (see HealthService). */
export class UploadsStatusDto {
  @ApiProperty({ enum: ['up', 'down'] })
  readonly fileStore: DependencyStatus;

  @ApiProperty({
    enum: ['up', 'down', 'unconfigured'],
    description:
      'clamd. Not up: new uploads stay pending, and are not downloadable, until rescanned.',
  })
  readonly malwareScanner: DependencyStatus | 'unconfigured';

  constructor(fileStore: DependencyStatus, malwareScanner: DependencyStatus | 'unconfigured') {
    this.fileStore = fileStore;
    this.malwareScanner = malwareScanner;
  }
}
