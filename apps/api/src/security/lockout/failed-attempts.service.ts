import { Injectable } from '@nestjs/common';
import type { AuditEventName } from '../audit/audit-event-name.js';
import { AuditService } from '../audit/audit.service.js';
import { IpBanService, type FailedAccount } from '../ip-bans/ip-ban.service.js';
import type { LockoutFailure } from './lockout.store.js';

/** A failed proof of a password or a second factor, as the audit trail and the IP bans see it. */
export interface FailedAttempt {
  readonly event: AuditEventName;
  /** `anonymous` when no account has the address. */
  readonly actor: string;
  readonly target: string | undefined;
  /** Why it failed, e.g. `wrong_password`; joins `failures` in the audit metadata. */
  readonly reason: string;
  /** What else the audit rows carry, e.g. which factor was tried. */
  readonly details?: Readonly<Record<string, unknown>>;
  /** Whose failure it is for the IP bans: a user, or the digest of an address no account has. */
  readonly account: FailedAccount;
  /** Also record `authn_login_fail_max` when this failure locks (the password step does). */
  readonly auditsMaxFailures?: boolean;
}

/**
 * The one place a failed password or second factor is accounted for, once the lockout has
 * counted it: the failure audited with its count, reported to the IP bans, and the lock it
 * placed, if any, audited.
 */
@Injectable()
export class FailedAttempts {
  constructor(
    private readonly audit: AuditService,
    private readonly ipBans: IpBanService,
  ) {}

  async report(attempt: FailedAttempt, counted: LockoutFailure): Promise<void> {
    const { actor, target } = attempt;
    await this.audit.record({
      event: attempt.event,
      outcome: 'failure',
      actor,
      target,
      metadata: { reason: attempt.reason, ...attempt.details, failures: counted.failures },
    });
    await this.ipBans.recordFailure(attempt.account);
    if (counted.lockedForSeconds === undefined) {
      return;
    }
    if (attempt.auditsMaxFailures === true) {
      await this.audit.record({ event: 'authn_login_fail_max', outcome: 'failure', actor, target });
    }
    await this.audit.record({
      event: 'authn_login_lock',
      outcome: 'success',
      actor: 'system',
      target,
      metadata: { ...attempt.details, seconds: counted.lockedForSeconds },
    });
  }
}
