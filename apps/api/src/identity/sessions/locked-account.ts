import type { AuditService } from '../../security/audit/audit.service.js';
import { AccountLockedError } from './sessions.errors.js';

/**
 * Refuses a sign-in (password or passkey) to a locked account, audited as a failed login, before
 * any second step: the password path asks no MFA of it, the passkey path starts no session.
 * @throws AccountLockedError
 */
export async function refuseLockedAccount(
  audit: AuditService,
  user: { readonly id: string; readonly lockedAt: Date | null },
): Promise<void> {
  if (user.lockedAt === null) {
    return;
  }
  await audit.record({
    event: 'authn_login_fail',
    outcome: 'failure',
    actor: user.id,
    target: `user:${user.id}`,
    metadata: { reason: 'account_locked' },
  });
  throw new AccountLockedError();
}
