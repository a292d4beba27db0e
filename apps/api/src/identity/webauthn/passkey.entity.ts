import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';

/**
 * A WebAuthn credential of a user: a passkey. The public key is no secret (it only verifies
 * signatures), so it is stored as is; the private key never leaves the authenticator.
 */
@Entity('passkeys')
export class Passkey {
  @PrimaryColumn('uuid')
  id: string = uuidv7();

  @Column({ type: 'uuid' })
  userId: string;

  /** The authenticator's id for the credential, base64url; unique across every user. */
  @Column({ type: 'text' })
  credentialId: string;

  /** COSE-encoded public key, base64url. */
  @Column({ type: 'text' })
  publicKey: string;

  /** The last signature counter seen; `pg` reads bigint as a string. 0: the authenticator keeps none. */
  @Column({ type: 'bigint' })
  signCount: string;

  /** How the browser may reach the authenticator (`internal`, `hybrid`, `usb`…), as it reported. */
  @Column({ type: 'text', array: true })
  transports: string[];

  /** Synced to a cloud account (a multi-device passkey), as the authenticator last said. */
  @Column({ type: 'boolean' })
  backedUp: boolean;

  /** The user's label for it. */
  @Column({ type: 'text' })
  name: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
