import { Inject, Injectable } from '@nestjs/common';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AuthenticatedUser } from '../../platform/route-access/authenticated-user.js';
import { AuditService } from '../../security/audit/audit.service.js';
import { SessionService } from '../sessions/session.service.js';
import { InvalidAccessTokenError } from '../tokens/tokens.errors.js';
import { UsersRepository } from '../users/users.repository.js';
import type { Passkey } from '../webauthn/passkey.entity.js';
import { PasskeysRepository } from '../webauthn/passkeys.repository.js';
import {
  PasskeyNotFoundError,
  PasskeyRegistrationRejectedError,
} from '../webauthn/webauthn.errors.js';
import { WebAuthnService } from '../webauthn/webauthn.service.js';
import type { MfaConfig } from './mfa.config.js';
import { MfaService } from './mfa.service.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly mfa: MfaConfig };

const DEFAULT_PASSKEY_NAME = 'Passkey';

/**
 * A user's passkeys: registering one (the route asks for a recent second factor when the account
 * has one), listing, renaming and deleting them. Changes go through {@link MfaService}, like
 * every change of a second factor.
 */
@Injectable()
export class PasskeyEnrolmentService {
  constructor(
    private readonly mfa: MfaService,
    private readonly webauthn: WebAuthnService,
    private readonly users: UsersRepository,
    private readonly sessions: SessionService,
    private readonly passkeys: PasskeysRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: SectionsRead,
  ) {}

  async registrationOptions(
    caller: AuthenticatedUser,
  ): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const user = await this.users.findById(caller.userId);
    if (user === null) {
      throw new InvalidAccessTokenError('the user of this session no longer exists');
    }
    return this.webauthn.registrationOptions(
      { kind: 'registration', sessionId: caller.sessionId },
      user,
      await this.mfa.listPasskeys(user.id),
    );
  }

  /**
   * Adds the passkey the browser created for this session's options. It was made with user
   * verification, so it counts as this session's second factor, as a confirmed TOTP code does.
   * @throws PasskeyRegistrationRejectedError, PasskeyAlreadyRegisteredError
   */
  async register(
    caller: AuthenticatedUser,
    response: RegistrationResponseJSON,
    name = DEFAULT_PASSKEY_NAME,
  ): Promise<Passkey> {
    const binding = { kind: 'registration', sessionId: caller.sessionId } as const;
    const registered = await this.webauthn
      .verifyRegistration(binding, response)
      .catch(async (error: unknown) => {
        if (error instanceof PasskeyRegistrationRejectedError) {
          await this.audit.record({
            event: 'user_updated',
            outcome: 'failure',
            target: `user:${caller.userId}`,
            metadata: { factor: 'passkey', change: 'enabled', refusal: error.refusal },
          });
        }
        throw error;
      });
    const passkey = await this.mfa.addPasskey(caller.userId, registered, name);
    await this.sessions.markMfaVerified(caller.sessionId);
    return passkey;
  }

  list(caller: AuthenticatedUser): Promise<Passkey[]> {
    return this.mfa.listPasskeys(caller.userId);
  }

  /** @throws PasskeyNotFoundError */
  async rename(caller: AuthenticatedUser, passkeyId: string, name: string): Promise<void> {
    await this.ownedOr404(
      caller,
      () => this.mfa.renamePasskey(caller.userId, passkeyId, name),
      passkeyId,
    );
  }

  /**
   * The route asks for a recent second factor. The last factor of a user whose role requires MFA
   * stays.
   * @throws PasskeyNotFoundError, MfaRequiredByRoleError
   */
  async remove(caller: AuthenticatedUser, passkeyId: string): Promise<void> {
    const roles = await this.users.rolesOf(caller.userId);
    const required = roles.some((role) => this.config.mfa.requiredRoles.includes(role));
    await this.ownedOr404(
      caller,
      () => this.mfa.removePasskey(caller.userId, passkeyId, required),
      passkeyId,
    );
  }

  /** Another user's passkey id is answered as a missing one, and audited (ASVS 16.3.3). */
  private async ownedOr404(
    caller: AuthenticatedUser,
    change: () => Promise<void>,
    passkeyId: string,
  ): Promise<void> {
    try {
      await change();
    } catch (error) {
      if (
        error instanceof PasskeyNotFoundError &&
        (await this.passkeys.belongsToAnother(caller.userId, passkeyId))
      ) {
        await this.audit.record({
          event: 'malicious_direct_reference',
          outcome: 'failure',
          target: `passkey:${passkeyId}`,
        });
      }
      throw error;
    }
  }
}
