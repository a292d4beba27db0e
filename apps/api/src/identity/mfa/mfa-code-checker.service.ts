import { Injectable } from '@nestjs/common';
import { AuditService } from '../../security/audit/audit.service.js';
import type { AuditEventName } from '../../security/audit/audit-event-name.js';
import { IpBanService } from '../../security/ip-bans/ip-ban.service.js';
import { LoginLockoutService } from '../../security/lockout/login-lockout.service.js';
import { InvalidMfaCodeError } from './mfa.errors.js';
import { MfaService } from './mfa.service.js';
import { LoginLockedError } from '../../security/lockout/lockout.errors.js';

/** A second factor as sent: a TOTP code, or one of the recovery codes. */
export type MfaProof = { readonly code: string } | { readonly recoveryCode: string };

export interface CheckedFactor {
  readonly factor: 'totp' | 'recovery_code';
  /** Recovery codes left after this one, when one was used. */
  readonly recoveryCodesRemaining?: number;
}

/**
 * Checks a second factor under a per-user failure limit with backoff (the login lockout policy,
 * on its own key), so that six digits cannot be guessed however the codes reach the API.
 */
@Injectable()
export class MfaCodeChecker {
  constructor(
    private readonly mfa: MfaService,
    private readonly lockout: LoginLockoutService,
    private readonly audit: AuditService,
    private readonly ipBans: IpBanService,
  ) {}

  /**
   * @throws LoginLockedError while the user's MFA attempts are locked
   * @throws InvalidMfaCodeError for a wrong, replayed or used code (the failure is counted)
   */
  async check(
    userId: string,
    proof: MfaProof,
    failureEvent: Extract<AuditEventName, 'authn_login_fail' | 'authz_fail'>,
  ): Promise<CheckedFactor> {
    const key = `mfa:${userId}`;
    const lockedFor = await this.lockout.lockedFor(key);
    if (lockedFor !== undefined) {
      throw new LoginLockedError(lockedFor);
    }
    // Counted before the check, atomically: concurrent guesses cannot overshoot the limit (a
    // code check is cheap, unlike a password's), and a success clears the count below.
    const { failures, lockedForSeconds } = await this.lockout.recordFailure(key);
    if (failures === 0) {
      throw new LoginLockedError((await this.lockout.lockedFor(key)) ?? 1);
    }
    const checked = await this.verify(userId, proof);
    if (checked === undefined) {
      const factor = 'code' in proof ? 'totp' : 'recovery_code';
      await this.audit.record({
        event: failureEvent,
        outcome: 'failure',
        actor: userId,
        target: `user:${userId}`,
        metadata: { reason: 'wrong_second_factor', factor, failures },
      });
      await this.ipBans.recordFailure({ userId });
      if (lockedForSeconds !== undefined) {
        await this.audit.record({
          event: 'authn_login_lock',
          outcome: 'success',
          actor: 'system',
          target: `user:${userId}`,
          metadata: { factor, seconds: lockedForSeconds },
        });
      }
      throw new InvalidMfaCodeError();
    }
    await this.lockout.reset(key);
    return checked;
  }

  private async verify(userId: string, proof: MfaProof): Promise<CheckedFactor | undefined> {
    if ('code' in proof) {
      return (await this.mfa.verifyTotp(userId, proof.code)) ? { factor: 'totp' } : undefined;
    }
    const used = await this.mfa.useRecoveryCode(userId, proof.recoveryCode);
    return used === undefined
      ? undefined
      : { factor: 'recovery_code', recoveryCodesRemaining: used.remaining };
  }
}
