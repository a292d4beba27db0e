import type { HttpConfig } from '../../platform/http/http.config.js';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../security/audit/audit.service.js';
import type { AuditEventName } from '../../security/audit/audit-event-name.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import { FailedAttempts } from '../../security/lockout/failed-attempts.service.js';
import { clientSubject } from '../../platform/request-context/client-subject.js';
import { RequestContext } from '../../platform/request-context/request-context.js';
import { LoginLockoutService } from '../../security/lockout/login-lockout.service.js';
import { PasswordHasherService } from '../../security/passwords/password-hasher.service.js';
import { PasswordHashingBusyError } from '../../security/passwords/passwords.errors.js';
import { UsersRepository, type PasswordCredential } from '../users/users.repository.js';
import { LoginLockedError } from '../../security/lockout/lockout.errors.js';
import { EmailDigest } from '../../security/field-encryption/email-digest.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly http: HttpConfig };

export interface PasswordAttempt {
  readonly email: string;
  readonly password: string;
  /** The event a wrong password records: a failed login, or a failed password change. */
  readonly failureEvent: Extract<
    AuditEventName,
    'authn_login_fail' | 'authn_password_change_fail' | 'authz_fail'
  >;
}

/**
 * Checks a password under the lockout of its account and client. Unknown addresses cost the same
 * hash, count toward the same lockout and get the same answers as known ones, so nothing here
 * tells whether an account exists. A right password made with weaker parameters is rehashed.
 *
 * The lockout counts per account AND client (ASVS 6.1.1): failing a known address's password from
 * elsewhere locks that elsewhere, never the owner. Guesses against one account from many clients
 * are slowed by the account's own rate limit (THROTTLE_LOGIN) and those clients banned.
 */
@Injectable()
export class PasswordAuthenticator {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasherService,
    private readonly lockout: LoginLockoutService,
    private readonly audit: AuditService,
    private readonly failures: FailedAttempts,
    private readonly emailDigest: EmailDigest,
    @Inject(APP_CONFIG) private readonly config: SectionsRead,
  ) {}

  /**
   * @returns the account's credential when the password is right, else undefined (the failure is counted).
   * @throws LoginLockedError while the address is locked, without checking the password
   * @throws PasswordHashingBusyError when hashing is at capacity
   */
  async authenticate(attempt: PasswordAttempt): Promise<PasswordCredential | undefined> {
    this.hasher.assertCapacity();
    const key = this.lockoutKey(attempt.email);
    const lockedFor = await this.lockout.lockedFor(key);
    if (lockedFor !== undefined) {
      await this.audit.record({
        event: attempt.failureEvent,
        outcome: 'failure',
        metadata: { reason: 'locked' },
      });
      throw new LoginLockedError(lockedFor);
    }
    const user = await this.users.credentialByEmail(attempt.email);
    const valid =
      user === null
        ? await this.hasher.verifyDummy(attempt.password)
        : await this.hasher.verify(user.passwordHash, attempt.password);
    if (user === null || !valid) {
      await this.recordFailure(key, attempt, user);
      return undefined;
    }
    await this.lockout.reset(key);
    await this.rehashIfWeaker(user, attempt.password);
    return user;
  }

  /** The lockout of this account from the current request's client (`local` for the CLI). */
  lockoutKey(email: string): string {
    const ip = RequestContext.current()?.ip;
    const client =
      ip === undefined ? 'local' : clientSubject(ip, this.config.http.clientIpv6Prefix);
    return `${this.emailDigest.of(email)}:${client}`;
  }

  private async recordFailure(
    key: string,
    attempt: PasswordAttempt,
    user: PasswordCredential | null,
  ): Promise<void> {
    await this.failures.report(
      {
        event: attempt.failureEvent,
        actor: user?.id ?? 'anonymous',
        target: user === null ? undefined : `user:${user.id}`,
        reason: user === null ? 'unknown_account' : 'wrong_password',
        account:
          user === null ? { emailDigest: this.emailDigest.of(attempt.email) } : { userId: user.id },
        auditsMaxFailures: true,
      },
      await this.lockout.recordFailure(key),
    );
  }

  /** Best effort: a busy hasher leaves the old hash, which the next login upgrades. */
  private async rehashIfWeaker(user: PasswordCredential, password: string): Promise<void> {
    if (!this.hasher.needsRehash(user.passwordHash)) {
      return;
    }
    try {
      await this.users.replaceWeakerHash(
        user.id,
        user.passwordHash,
        await this.hasher.hash(password),
      );
    } catch (error) {
      if (!(error instanceof PasswordHashingBusyError)) {
        throw error;
      }
    }
  }
}
