import { Column, Entity } from 'typeorm';
import { SingleUseTokenRow } from '../../security/opaque-tokens/single-use-tokens.js';

/** The password step of a login with MFA, waiting for the second factor; only its hash is stored. */
@Entity('mfa_challenges')
export class MfaChallenge extends SingleUseTokenRow {
  /** The user's credential version the password step verified. */
  @Column({ type: 'integer' })
  credentialVersion: number;
}
