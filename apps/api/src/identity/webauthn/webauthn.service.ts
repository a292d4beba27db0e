import { Inject, Injectable } from '@nestjs/common';
import type {
  AuthenticationResponseJSON,
  AuthenticatorTransportFuture,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import { AuditService } from '../../security/audit/audit.service.js';
import type { Passkey } from './passkey.entity.js';
import { PasskeysRepository, type NewPasskey } from './passkeys.repository.js';
import { CHALLENGE_TTL_SECONDS, type WebAuthnChallengeStore } from './webauthn-challenge.store.js';
import type { WebAuthnConfig } from './webauthn.config.js';
import {
  PasskeyRegistrationRejectedError,
  PasskeyRejectedError,
  type PasskeyRefusal,
} from './webauthn.errors.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly webauthn: WebAuthnConfig };

export const WEBAUTHN_CHALLENGE_STORE = Symbol('WEBAUTHN_CHALLENGE_STORE');

/**
 * The library, loaded at the first ceremony rather than at boot: with its certificate parsers it
 * is the largest module most processes never use (bench:ratios, cold start and idle RSS).
 */
const webauthn = () => import('@simplewebauthn/server');

/** What a ceremony is for, and whose: a challenge answers only where it was asked. */
export type CeremonyBinding =
  | { readonly kind: 'registration' | 'step-up'; readonly sessionId: string }
  | { readonly kind: 'second-factor' | 'sign-in'; readonly tokenHash: string };

/** A verified registration, not stored yet. */
export type RegisteredPasskey = Omit<NewPasskey, 'userId' | 'name'>;

/**
 * The relying party: options with a fresh challenge, and verification of what the browser
 * answered, by @simplewebauthn/server. User verification is required in every ceremony: a
 * passkey then proves possession and the user's PIN or biometric, two factors in one.
 */
@Injectable()
export class WebAuthnService {
  constructor(
    private readonly passkeys: PasskeysRepository,
    private readonly audit: AuditService,
    @Inject(WEBAUTHN_CHALLENGE_STORE) private readonly challenges: WebAuthnChallengeStore,
    @Inject(APP_CONFIG) private readonly config: SectionsRead,
  ) {}

  async registrationOptions(
    binding: CeremonyBinding,
    user: { readonly id: string; readonly email: string },
    existing: readonly Passkey[],
  ): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const { rpId, rpName, attestation } = this.config.webauthn;
    const { generateRegistrationOptions } = await webauthn();
    const options = await generateRegistrationOptions({
      rpName,
      rpID: rpId,
      userName: user.email,
      userID: userHandleOf(user.id),
      attestationType: attestation,
      excludeCredentials: existing.map(descriptorOf),
      // Discoverable, so that the same passkey also signs in without a password.
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    await this.challenges.put(keyOf(binding), options.challenge, CHALLENGE_TTL_SECONDS);
    return options;
  }

  /** @throws PasskeyRegistrationRejectedError */
  async verifyRegistration(
    binding: CeremonyBinding,
    response: RegistrationResponseJSON,
  ): Promise<RegisteredPasskey> {
    const expectedChallenge = await this.challenges.take(keyOf(binding));
    if (expectedChallenge === undefined) {
      throw new PasskeyRegistrationRejectedError('no_challenge');
    }
    const { origins, rpId, attestation } = this.config.webauthn;
    const { verifyRegistrationResponse } = await webauthn();
    const verified = await verifyRegistrationResponse({
      response,
      expectedChallenge,
      expectedOrigin: [...origins],
      expectedRPID: rpId,
      requireUserVerification: true,
    }).catch((error: unknown) => {
      throw new PasskeyRegistrationRejectedError(refusalOf(error));
    });
    if (!verified.verified) {
      throw new PasskeyRegistrationRejectedError('invalid_response');
    }
    const { credential, credentialBackedUp, fmt } = verified.registrationInfo;
    if (attestation === 'direct' && fmt === 'none') {
      throw new PasskeyRegistrationRejectedError('attestation_required');
    }
    return {
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      signCount: String(credential.counter),
      transports: credential.transports ?? [],
      backedUp: credentialBackedUp,
    };
  }

  /** `allowed` empty: any discoverable passkey of this site may answer (passwordless sign-in). */
  async authenticationOptions(
    binding: CeremonyBinding,
    allowed: readonly Passkey[] = [],
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const { generateAuthenticationOptions } = await webauthn();
    const options = await generateAuthenticationOptions({
      rpID: this.config.webauthn.rpId,
      allowCredentials: allowed.map(descriptorOf),
      userVerification: 'required',
    });
    await this.challenges.put(keyOf(binding), options.challenge, CHALLENGE_TTL_SECONDS);
    return options;
  }

  /**
   * The passkey that signed the binding's challenge, its counter and last use updated.
   * @param userId whose passkey it must be; undefined: whoever owns it (passwordless sign-in)
   * @throws PasskeyRejectedError
   */
  async verifyAuthentication(
    binding: CeremonyBinding,
    response: AuthenticationResponseJSON,
    userId?: string,
  ): Promise<Passkey> {
    // Taken first, whatever follows: a refused answer uses the challenge up too.
    const expectedChallenge = await this.challenges.take(keyOf(binding));
    if (expectedChallenge === undefined) {
      throw new PasskeyRejectedError('no_challenge', userId);
    }
    const passkey = await this.passkeys.findByCredentialId(response.id);
    if (passkey === null) {
      throw new PasskeyRejectedError('unknown_credential', userId);
    }
    const handle = response.response.userHandle;
    const handleMatches =
      handle === undefined ||
      handle === Buffer.from(userHandleOf(passkey.userId)).toString('base64url');
    if ((userId !== undefined && passkey.userId !== userId) || !handleMatches) {
      throw new PasskeyRejectedError('another_users_credential', userId ?? passkey.userId);
    }
    const { verifyAuthenticationResponse } = await webauthn();
    const verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: [...this.config.webauthn.origins],
      expectedRPID: this.config.webauthn.rpId,
      // The counter is compared below instead, where a regression can be audited before refusal.
      credential: { id: passkey.credentialId, publicKey: publicKeyOf(passkey), counter: 0 },
      requireUserVerification: true,
    }).catch((error: unknown) => {
      throw new PasskeyRejectedError(refusalOf(error), passkey.userId);
    });
    if (!verified.verified) {
      throw new PasskeyRejectedError('invalid_response', passkey.userId);
    }
    const { newCounter, credentialBackedUp } = verified.authenticationInfo;
    await this.checkCounter(passkey, newCounter);
    await this.passkeys.recordUse(passkey.id, newCounter, credentialBackedUp);
    return passkey;
  }

  /**
   * A counter that went backwards suggests a cloned authenticator (WebAuthn §6.1.1): always
   * audited, refused when WEBAUTHN_REFUSE_COUNTER_REGRESSION is on (the default).
   */
  private async checkCounter(passkey: Passkey, newCounter: number): Promise<void> {
    const stored = Number(passkey.signCount);
    if (!isCounterRegression(stored, newCounter)) {
      return;
    }
    const refused = this.config.webauthn.refuseCounterRegression;
    await this.audit.record({
      event: 'authn_impossible_travel',
      outcome: 'failure',
      actor: passkey.userId,
      target: `passkey:${passkey.id}`,
      metadata: { reason: 'possible_cloned_authenticator', stored, received: newCounter, refused },
    });
    if (refused) {
      throw new PasskeyRejectedError('counter_regression', passkey.userId);
    }
  }
}

/**
 * A counter that did not move forward, unless both are 0: an authenticator that keeps no counter
 * (synced passkeys) always sends 0, which proves nothing either way.
 */
export function isCounterRegression(stored: number, received: number): boolean {
  return !(stored === 0 && received === 0) && received <= stored;
}

/** The user handle given to authenticators: the user id's 16 bytes, nothing personal. */
function userHandleOf(userId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(userId.replaceAll('-', ''), 'hex'));
}

function publicKeyOf(passkey: Passkey): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(passkey.publicKey, 'base64url'));
}

function descriptorOf(passkey: Passkey): {
  id: string;
  transports: AuthenticatorTransportFuture[];
} {
  return {
    id: passkey.credentialId,
    transports: passkey.transports as AuthenticatorTransportFuture[],
  };
}

function keyOf(binding: CeremonyBinding): string {
  return 'sessionId' in binding
    ? `${binding.kind}:${binding.sessionId}`
    : `${binding.kind}:${binding.tokenHash}`;
}

/** The library says why in its error message; only these words are kept, for the audit trail. */
function refusalOf(error: unknown): PasskeyRefusal {
  const message = error instanceof Error ? error.message : '';
  if (/challenge/i.test(message)) {
    return 'wrong_challenge';
  }
  if (/origin/i.test(message)) {
    return 'wrong_origin';
  }
  if (/RP ID/i.test(message)) {
    return 'wrong_rp_id';
  }
  if (/user verification|could not be verified/i.test(message)) {
    return 'user_not_verified';
  }
  return 'invalid_response';
}
