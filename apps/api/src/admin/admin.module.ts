import { Module } from '@nestjs/common';
import { MfaModule } from '../identity/mfa/mfa.module.js';
import { SessionsModule } from '../identity/sessions/sessions.module.js';
import { UsersModule } from '../identity/users/users.module.js';
import { AdminAuditController } from './admin-audit.controller.js';
import { AdminAuditService } from './admin-audit.service.js';
import { AdminUsersController } from './admin-users.controller.js';
import { AdminUsersService } from './admin-users.service.js';

/** The contract's admin routes: every one permission-gated and behind a recent second factor. */
@Module({
  imports: [UsersModule, SessionsModule, MfaModule],
  controllers: [AdminUsersController, AdminAuditController],
  providers: [AdminUsersService, AdminAuditService],
})
export class AdminModule {}
