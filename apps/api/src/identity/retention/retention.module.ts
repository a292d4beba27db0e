import { Module } from '@nestjs/common';
import { ExpiredRowsRepository } from './expired-rows.repository.js';
import { RetentionScheduler } from './retention.scheduler.js';
import { RetentionService } from './retention.service.js';

@Module({
  providers: [ExpiredRowsRepository, RetentionService, RetentionScheduler],
  exports: [RetentionService],
})
export class RetentionModule {}
