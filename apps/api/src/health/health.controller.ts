import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponse } from '../http/api-problem-response.decorator.js';
import { LivenessDto } from './dto/liveness.dto.js';
import { ReadinessDto } from './dto/readiness.dto.js';
import { HealthService } from './health.service.js';
import { Public } from '../auth/public.decorator.js';
import { NoRateLimit } from '../throttling/throttling.decorator.js';

@ApiTags('health')
@Public()
// Orchestrators probe often from few addresses; a 429 would take a healthy instance out of service.
@NoRateLimit()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** The process is up; dependencies are not checked, so an orchestrator never restarts it for them. */
  @Get('live')
  @ApiOkResponse({ type: LivenessDto })
  live(): LivenessDto {
    return new LivenessDto();
  }

  @Get('ready')
  @ApiOkResponse({ type: ReadinessDto })
  @ApiProblemResponse(503, 'A dependency is down.')
  ready(): Promise<ReadinessDto> {
    return this.health.readiness();
  }
}
