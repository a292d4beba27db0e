import { Column, Entity } from 'typeorm';
import { SingleUseTokenRow } from '../../security/opaque-tokens/single-use-tokens.js';

export type AccountTokenPurpose = 'verify_email' | 'reset_password';

/** A single-use token sent by mail; only its SHA-256 is stored. */
@Entity('account_tokens')
export class AccountToken extends SingleUseTokenRow {
  @Column({ type: 'text' })
  purpose: AccountTokenPurpose;
}
