import type { RuntimeConfig } from '../../platform/config/runtime.config.js';
import type { DatabaseConfig } from '../../platform/database/database.config.js';
import { Inject, Injectable } from '@nestjs/common';
import type { BulwarkLogger } from '@bulwark/logging';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import { ConfigError } from '../../platform/config/config.errors.js';
import { APP_LOGGER } from '../../platform/logging/logging.module.js';
import { AuditRoleRepository } from './audit-role.repository.js';

/** The configuration sections this file reads. */
type SectionsRead = Pick<RuntimeConfig, 'isProduction'> & { readonly database: DatabaseConfig };

/** Whether the API's own database role could rewrite the audit trail it writes. */
@Injectable()
export class AuditRoleService {
  constructor(
    private readonly repository: AuditRoleRepository,
    @Inject(APP_CONFIG) private readonly config: SectionsRead,
    @Inject(APP_LOGGER) private readonly logger: BulwarkLogger,
  ) {}

  /**
   * At startup: production refuses a DATABASE_URL role that owns a trail table or may change its
   * rows; elsewhere it is a warning. The embedded database has a single role: nothing to check.
   */
  async checkRuntimeRole(): Promise<void> {
    if (this.config.database.url === undefined) {
      return;
    }
    const rights = await this.repository.rewriteRights();
    if (rights.length === 0) {
      return;
    }
    const problem = `DATABASE_URL: its role can rewrite the audit trail (${rights.join(', ')}); connect as a role granted bulwark_app, and migrate with DATABASE_MIGRATION_URL (docs/runbooks/audit-trail.md)`;
    if (this.config.isProduction) {
      throw new ConfigError([problem]);
    }
    this.logger.warn(problem);
  }
}
