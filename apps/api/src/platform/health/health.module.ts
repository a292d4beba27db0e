import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller.js';
import { HealthService } from './health.service.js';
import { TlsModule } from '../tls/tls.module.js';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), TlsModule],
  controllers: [HealthController],
  providers: [HealthService],
})
export class HealthModule {}
