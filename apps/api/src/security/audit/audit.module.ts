import type { KeyRingsConfig } from '../../platform/config/key-rings.js';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import { AuditArchiveService } from './audit-archive.service.js';
import { AuditChainKeys } from './audit-chain-keys.js';
import { AuditEventRepository } from './audit-event.repository.js';
import { AuditRoleRepository } from './audit-role.repository.js';
import { AuditRoleService } from './audit-role.service.js';
import { AuditVerifyService } from './audit-verify.service.js';
import { AuditMetrics } from './audit.metrics.js';
import { AuditService } from './audit.service.js';
import { AuditedRequestRefusals } from './audited-request-refusals.js';
import { RequestRefusals } from '../../platform/http/request-refusals.js';
import { MetricsRegistryModule } from '../../platform/metrics/metrics-registry.module.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly keyRings: KeyRingsConfig };

/** Global: any module may record a security event, and the HTTP layer report refused input. Needs the global `APP_LOGGER` (LoggingModule). */
@Global()
@Module({
  imports: [MetricsRegistryModule],
  providers: [
    AuditMetrics,
    {
      provide: AuditChainKeys,
      inject: [APP_CONFIG],
      useFactory: (config: SectionsRead) => new AuditChainKeys(config.keyRings.auditChain),
    },
    AuditEventRepository,
    AuditRoleRepository,
    AuditService,
    AuditVerifyService,
    AuditArchiveService,
    AuditRoleService,
    { provide: RequestRefusals, useClass: AuditedRequestRefusals },
  ],
  exports: [
    RequestRefusals,
    AuditService,
    AuditVerifyService,
    AuditArchiveService,
    AuditRoleService,
    AuditEventRepository,
  ],
})
export class AuditModule {}
