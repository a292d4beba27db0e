import type { Clock } from '../../platform/clock/clock.js';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../security/audit/audit.service.js';
import type { TokensConfig } from '../tokens/tokens.config.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import { PasswordHasherService } from '../../security/passwords/password-hasher.service.js';
import { encodeBase32 } from './base32.js';
import { MFA_CLOCK } from './mfa-clock.js';
import type { MfaRecoveryCode } from './mfa-recovery-code.entity.js';
import type { MfaTotp } from './mfa-totp.entity.js';
import {
  InvalidMfaCodeError,
  MfaAlreadyEnabledError,
  MfaNotEnabledError,
  MfaRequiredByRoleError,
  NoPendingMfaSetupError,
} from './mfa.errors.js';
import { PrincipalInvalidation } from '../sessions/principal-invalidation.service.js';
import type { Passkey } from '../webauthn/passkey.entity.js';
import { PasskeysRepository } from '../webauthn/passkeys.repository.js';
import type { RegisteredPasskey } from '../webauthn/webauthn.service.js';
import { PasskeyNotFoundError } from '../webauthn/webauthn.errors.js';
import { MfaRepository } from './mfa.repository.js';
import {
  generateRecoveryCode,
  normaliseRecoveryCode,
  RECOVERY_CODE_COUNT,
} from './recovery-code.js';
import { generateTotpSecret, matchTotp, totpUri } from './totp.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly tokens: TokensConfig };

/** The second factors a login may be completed with. */
export type MfaMethod = 'totp' | 'recovery_code' | 'passkey';

/** What the user needs to add the account to an authenticator app; shown once. */
export interface TotpSetup {
  readonly otpauthUrl: string;
  /** Base32 (RFC 4648, unpadded), for typing into the app by hand. */
  readonly secret: string;
  /** The `otpauthUrl` as a PNG QR code. */
  readonly qrCodeDataUrl: string;
}

/**
 * TOTP (RFC 6238), single-use recovery codes and passkeys (WebAuthn): every change of a user's
 * second factors goes through here, and is audited here. Access checks, step-up and failure
 * limits belong to the callers; login and step-up record their own authentication events.
 */
@Injectable()
export class MfaService {
  constructor(
    private readonly repository: MfaRepository,
    private readonly passkeys: PasskeysRepository,
    private readonly hasher: PasswordHasherService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: SectionsRead,
    @Inject(MFA_CLOCK) private readonly clock: Clock,
    private readonly principals: PrincipalInvalidation,
  ) {}

  /**
   * Stores a new secret, inactive until {@link confirmTotp}; replaces an unconfirmed one.
   * @throws MfaAlreadyEnabledError
   */
  async startTotpSetup(user: { readonly id: string; readonly email: string }): Promise<TotpSetup> {
    const secret = generateTotpSecret();
    if (!(await this.repository.storePendingSecret(user.id, secret))) {
      throw new MfaAlreadyEnabledError();
    }
    const secretBase32 = encodeBase32(secret);
    const otpauthUrl = totpUri({
      issuer: this.config.tokens.issuer,
      label: user.email,
      secretBase32,
    });
    // Loaded at the first enrolment rather than at boot (bench:ratios, cold start and idle RSS).
    const { toDataURL } = await import('qrcode');
    const qrCodeDataUrl = await toDataURL(otpauthUrl, { type: 'image/png' });
    return { otpauthUrl, secret: secretBase32, qrCodeDataUrl };
  }

  /**
   * Activates the pending secret with a valid code, whose time step then counts as used, and
   * returns the first recovery codes (shown once).
   * @throws NoPendingMfaSetupError, InvalidMfaCodeError
   */
  async confirmTotp(userId: string, code: string): Promise<string[]> {
    const now = this.clock();
    pendingSetupStep(await this.repository.findPending(userId), code, now);
    // Hashed outside the transaction (argon2id is slow), and only once the code is known good.
    const recoveryCodes = await this.newRecoveryCodes();
    await this.repository.transaction(async (manager) => {
      // Checked again under the lock: a new setup may have replaced the secret since.
      const step = pendingSetupStep(await this.repository.lockTotp(manager, userId), code, now);
      await this.repository.markConfirmed(manager, userId, step);
      await this.repository.replaceRecoveryCodes(manager, userId, recoveryCodes.hashes);
    });
    await this.principals.userChanged(userId);
    await this.recordChange(userId, { factor: 'totp', change: 'enabled' });
    return recoveryCodes.shown;
  }

  /**
   * True for a valid code of a time step later than the last accepted one, which it becomes: a
   * code is accepted once, even inside its validity window (RFC 6238 §5.2).
   */
  async verifyTotp(userId: string, code: string): Promise<boolean> {
    const now = this.clock();
    const totp = await this.repository.findEnabled(userId);
    const step = totp === null ? undefined : matchTotp(totp.secret, code, now);
    if (step === undefined) {
      return false;
    }
    return this.repository.acceptStep(userId, step);
  }

  /** Spends an unused recovery code; undefined when none matches or a concurrent use won. */
  async useRecoveryCode(userId: string, code: string): Promise<{ remaining: number } | undefined> {
    const normalised = normaliseRecoveryCode(code);
    const match = normalised === undefined ? undefined : await this.findUnused(userId, normalised);
    if (match === undefined || !(await this.repository.markRecoveryCodeUsed(match.id))) {
      return undefined;
    }
    const remaining = await this.repository.countUnusedRecoveryCodes(userId);
    // Recorded here rather than left to callers: every spent code leaves a trace, whoever asked.
    await this.recordChange(userId, { factor: 'recovery_code', change: 'used', remaining }, userId);
    return { remaining };
  }

  /**
   * Replaces every recovery code, used or not, with a new set.
   * @throws MfaNotEnabledError
   */
  async regenerateRecoveryCodes(userId: string): Promise<string[]> {
    if (!(await this.repository.isEnabled(userId))) {
      throw new MfaNotEnabledError();
    }
    const recoveryCodes = await this.newRecoveryCodes();
    await this.repository.transaction(async (manager) => {
      // Under the secret's lock, so that a concurrent disable cannot leave these codes behind.
      const totp = await this.repository.lockTotp(manager, userId);
      if (totp === null || totp.confirmedAt === null) {
        throw new MfaNotEnabledError();
      }
      await this.repository.replaceRecoveryCodes(manager, userId, recoveryCodes.hashes);
    });
    await this.recordChange(userId, { factor: 'recovery_code', change: 'regenerated' });
    return recoveryCodes.shown;
  }

  /** Removes the secret, pending or confirmed, and every recovery code. Idempotent. */
  async disable(userId: string): Promise<void> {
    if (await this.repository.deleteAll(userId)) {
      await this.principals.userChanged(userId);
      await this.recordChange(userId, { factor: 'totp', change: 'disabled' });
    }
  }

  /** Every factor: TOTP, recovery codes and passkeys (an operator's reset). Idempotent. */
  async removeAll(userId: string): Promise<void> {
    await this.disable(userId);
    const removed = await this.passkeys.deleteAllOf(userId);
    if (removed > 0) {
      await this.principals.userChanged(userId);
      await this.recordChange(userId, { factor: 'passkey', change: 'disabled', passkeys: removed });
    }
  }

  /** A confirmed TOTP secret or at least one passkey. */
  async isEnabled(userId: string): Promise<boolean> {
    const { totp, passkey } = await this.repository.factorsOf(userId);
    return totp || passkey;
  }

  async enabledAmong(userIds: readonly string[]): Promise<Set<string>> {
    const [totp, passkeys] = await Promise.all([
      this.repository.enabledAmong(userIds),
      this.passkeys.usersAmong(userIds),
    ]);
    return new Set([...totp, ...passkeys]);
  }

  /** The factors the user can complete a login with; empty when MFA is not enabled. */
  async methodsOf(userId: string): Promise<MfaMethod[]> {
    const { totp, passkey } = await this.repository.factorsOf(userId);
    return [
      ...(totp ? (['totp', 'recovery_code'] as const) : []),
      ...(passkey ? (['passkey'] as const) : []),
    ];
  }

  listPasskeys(userId: string): Promise<Passkey[]> {
    return this.passkeys.listFor(userId);
  }

  /** @throws PasskeyAlreadyRegisteredError */
  async addPasskey(userId: string, registered: RegisteredPasskey, name: string): Promise<Passkey> {
    const passkey = await this.passkeys.add({ ...registered, userId, name });
    await this.principals.userChanged(userId);
    await this.recordChange(userId, {
      factor: 'passkey',
      change: 'enabled',
      passkeyId: passkey.id,
    });
    return passkey;
  }

  /** @throws PasskeyNotFoundError */
  async renamePasskey(userId: string, passkeyId: string, name: string): Promise<void> {
    if (!(await this.passkeys.rename(userId, passkeyId, name))) {
      throw new PasskeyNotFoundError();
    }
  }

  /**
   * Under a lock on the user's passkeys, so that two deletions cannot each leave the other as the
   * last factor and both remove it.
   * @param keepLastFactor the user's role requires MFA: the last factor stays
   * @throws PasskeyNotFoundError, MfaRequiredByRoleError
   */
  async removePasskey(userId: string, passkeyId: string, keepLastFactor: boolean): Promise<void> {
    // Read first, outside the transaction (an embedded database has one connection): while a role
    // requires MFA, TOTP cannot be disabled meanwhile (MfaEnrolmentService.disable refuses).
    const totp = await this.repository.isEnabled(userId);
    await this.passkeys.transaction(async (manager) => {
      const passkeys = await this.passkeys.lockFor(manager, userId);
      if (!passkeys.some((passkey) => passkey.id === passkeyId)) {
        throw new PasskeyNotFoundError();
      }
      if (keepLastFactor && passkeys.length === 1 && !totp) {
        throw new MfaRequiredByRoleError();
      }
      await this.passkeys.delete(manager, passkeyId);
    });
    await this.principals.userChanged(userId);
    await this.recordChange(userId, { factor: 'passkey', change: 'disabled', passkeyId });
  }

  private async newRecoveryCodes(): Promise<{ shown: string[]; hashes: string[] }> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, generateRecoveryCode);
    const hashes: string[] = [];
    // One at a time: the hasher's queue is bounded, and ten at once could overflow it.
    for (const code of codes) {
      hashes.push(await this.hasher.hash(code.normalised));
    }
    return { shown: codes.map((code) => code.shown), hashes };
  }

  /** Salted hashes cannot be looked up: each unused code is verified in turn, at most ten. */
  private async findUnused(
    userId: string,
    normalised: string,
  ): Promise<MfaRecoveryCode | undefined> {
    for (const candidate of await this.repository.findUnusedRecoveryCodes(userId)) {
      if (await this.hasher.verify(candidate.codeHash, normalised)) {
        return candidate;
      }
    }
    return undefined;
  }

  /** Metadata keys avoid `mfa`, `otp` and `…code…`, which the log redactor would blank. */
  private async recordChange(
    userId: string,
    metadata: Readonly<Record<string, string | number>>,
    actor?: string,
  ): Promise<void> {
    await this.audit.record({
      event: 'user_updated',
      outcome: 'success',
      actor,
      target: `user:${userId}`,
      metadata,
    });
  }
}

/**
 * The time step `code` matches for a pending secret.
 * @throws NoPendingMfaSetupError, InvalidMfaCodeError
 */
function pendingSetupStep(totp: MfaTotp | null, code: string, epochMs: number): number {
  if (totp === null || totp.confirmedAt !== null) {
    throw new NoPendingMfaSetupError();
  }
  const step = matchTotp(totp.secret, code, epochMs);
  if (step === undefined) {
    throw new InvalidMfaCodeError();
  }
  return step;
}
