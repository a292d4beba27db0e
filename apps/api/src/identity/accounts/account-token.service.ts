import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AccountsConfig } from './accounts.config.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import {
  generateOpaqueToken,
  opaqueTokenHash,
  type OpaqueTokenKind,
} from '../../security/opaque-tokens/opaque-token.js';
import type { AccountTokenPurpose } from './account-token.entity.js';
import { AccountTokensRepository } from './account-tokens.repository.js';
import { InvalidAccountTokenError } from './accounts.errors.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly accounts: AccountsConfig };

const PURPOSES: Readonly<Record<AccountTokenKind, AccountTokenPurpose>> = {
  emailVerification: 'verify_email',
  passwordReset: 'reset_password',
};

export type AccountTokenKind = Extract<OpaqueTokenKind, 'emailVerification' | 'passwordReset'>;

/** Single-use, expiring tokens sent by mail; each kind is checked by prefix and stored purpose. */
@Injectable()
export class AccountTokenService {
  constructor(
    private readonly tokens: AccountTokensRepository,
    @Inject(APP_CONFIG) private readonly config: SectionsRead,
  ) {}

  /** A new token for the user; the previous one of the same kind stops working. */
  async issue(kind: AccountTokenKind, userId: string): Promise<string> {
    const { accounts } = this.config;
    const ttlSeconds =
      kind === 'passwordReset'
        ? accounts.passwordResetTtlSeconds
        : accounts.emailVerificationTtlSeconds;
    const token = generateOpaqueToken(kind);
    await this.tokens.replace({
      tokenHash: token.hash,
      userId,
      purpose: PURPOSES[kind],
      expiresAt: new Date(Date.now() + ttlSeconds * 1000),
    });
    return token.value;
  }

  /**
   * The user a usable token belongs to, leaving it usable (to check a new password against the
   * account before spending the token).
   * @throws InvalidAccountTokenError
   */
  async userOf(kind: AccountTokenKind, value: string): Promise<string> {
    const userId = await this.tokens.findUsable(this.hashOf(kind, value), PURPOSES[kind]);
    if (userId === undefined) {
      throw new InvalidAccountTokenError();
    }
    return userId;
  }

  /**
   * Uses the token up; only one of several concurrent uses succeeds.
   * @throws InvalidAccountTokenError when it is unknown, expired or already used
   */
  async consume(kind: AccountTokenKind, value: string, manager?: EntityManager): Promise<string> {
    const userId = await this.tokens.consume(this.hashOf(kind, value), PURPOSES[kind], manager);
    if (userId === undefined) {
      throw new InvalidAccountTokenError();
    }
    return userId;
  }

  /** Voids every unused token of this kind the user was sent, e.g. reset links after a password change. */
  async voidAll(kind: AccountTokenKind, userId: string, manager?: EntityManager): Promise<void> {
    await this.tokens.voidUnused(userId, PURPOSES[kind], manager);
  }

  private hashOf(kind: AccountTokenKind, value: string): string {
    const hash = opaqueTokenHash(kind, value);
    if (hash === undefined) {
      throw new InvalidAccountTokenError();
    }
    return hash;
  }
}
