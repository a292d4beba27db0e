import { Injectable } from '@nestjs/common';
import type { AuditEventName } from '../../security/audit/audit-event-name.js';
import { FailedAttempts } from '../../security/lockout/failed-attempts.service.js';
import { LoginLockoutService } from '../../security/lockout/login-lockout.service.js';
import { InvalidMfaCodeError } from './mfa.errors.js';
import { MfaService } from './mfa.service.js';
import { LoginLockedError } from '../../security/lockout/lockout.errors.js';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { WebAuthnService, type CeremonyBinding } from '../webauthn/webauthn.service.js';
import { PasskeyRejectedError } from '../webauthn/webauthn.errors.js';

/** A passkey assertion, for the challenge issued to `binding`. */
export interface PasskeyProof {
  readonly passkey: AuthenticationResponseJSON;
  readonly binding: CeremonyBinding;
}

/** A second factor as sent: a TOTP code, one of the recovery codes, or a passkey assertion. */
export type MfaProof = { readonly code: string } | { readonly recoveryCode: string } | PasskeyProof;

export interface CheckedFactor {
  readonly factor: 'totp' | 'recovery_code' | 'passkey';
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
    private readonly failures: FailedAttempts,
    private readonly webauthn: WebAuthnService,
  ) {}

  /**
   * @throws LoginLockedError while the user's MFA attempts are locked
   * @throws InvalidMfaCodeError for a wrong, replayed or used code (the failure is counted)
   * @throws PasskeyRejectedError for a refused passkey assertion (counted the same way)
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
    const counted = await this.lockout.recordFailure(key);
    if (counted.failures === 0) {
      throw new LoginLockedError((await this.lockout.lockedFor(key)) ?? 1);
    }
    const checked = await this.verify(userId, proof);
    if (checked instanceof PasskeyRejectedError || checked === undefined) {
      await this.failures.report(
        {
          event: failureEvent,
          actor: userId,
          target: `user:${userId}`,
          reason: 'wrong_second_factor',
          details: {
            factor: factorOf(proof),
            ...(checked !== undefined && { refusal: checked.refusal }),
          },
          account: { userId },
        },
        counted,
      );
      throw checked ?? new InvalidMfaCodeError();
    }
    await this.lockout.reset(key);
    return checked;
  }

  private async verify(
    userId: string,
    proof: MfaProof,
  ): Promise<CheckedFactor | PasskeyRejectedError | undefined> {
    if ('passkey' in proof) {
      return this.webauthn.verifyAuthentication(proof.binding, proof.passkey, userId).then(
        () => ({ factor: 'passkey' as const }),
        (error: unknown) => {
          if (error instanceof PasskeyRejectedError) {
            return error;
          }
          throw error;
        },
      );
    }
    if ('code' in proof) {
      return (await this.mfa.verifyTotp(userId, proof.code)) ? { factor: 'totp' } : undefined;
    }
    const used = await this.mfa.useRecoveryCode(userId, proof.recoveryCode);
    return used === undefined
      ? undefined
      : { factor: 'recovery_code', recoveryCodesRemaining: used.remaining };
  }
}

function factorOf(proof: MfaProof): CheckedFactor['factor'] {
  if ('passkey' in proof) {
    return 'passkey';
  }
  return 'code' in proof ? 'totp' : 'recovery_code';
}
