import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponse, PROBLEM } from '../http/api-problem-response.decorator.js';
import { LivenessDto } from './dto/liveness.dto.js';
import { ReadinessDto } from './dto/readiness.dto.js';
import { HealthService } from './health.service.js';
import { Public } from '../route-access/public.decorator.js';
import { NoRateLimit } from '../route-access/no-rate-limit.decorator.js';

@ApiTags('health')
@Public()
// Orchestrators probe often from few addresses; a 429 would take a healthy instance out of service.
@NoRateLimit()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** The process is up; dependencies are not checked, so an orchestrator never restarts it for them. */
  @Get('live')
  @ApiOperation({
    summary: 'Liveness probe',
    description: 'The process is up; no dependency is checked. Never rate-limited nor banned.',
  })
  @ApiOkResponse({ type: LivenessDto })
  live(): LivenessDto {
    return new LivenessDto();
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness probe',
    description: 'The database (and Redis when configured) answer; log sinks are reported too.',
  })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiProblemResponse(503, 'A dependency is down.', [`${PROBLEM}not-ready`])
  ready(): Promise<ReadinessDto> {
    return this.health.readiness();
  }
}
