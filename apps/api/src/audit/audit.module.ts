import { Global, Module } from '@nestjs/common';
import { AuditEventRepository } from './audit-event.repository.js';
import { AuditVerifyService } from './audit-verify.service.js';
import { AuditService } from './audit.service.js';

/** Global: any module may record a security event. Needs the global `APP_LOGGER` (LoggingModule). */
@Global()
@Module({
  providers: [AuditEventRepository, AuditService, AuditVerifyService],
  exports: [AuditService, AuditVerifyService, AuditEventRepository],
})
export class AuditModule {}
