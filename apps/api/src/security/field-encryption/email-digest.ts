import { BlindIndex, normalizeEmail, type BlindIndexColumn } from '@bulwark/field-encryption';
import { Injectable } from '@nestjs/common';

// A context of its own: a digest kept in Redis can never be matched against a column of the
// database, and the security controls need not know where accounts keep their address.
const SECURITY_STATE_EMAIL: BlindIndexColumn = {
  table: 'security_state',
  column: 'email',
  normalize: normalizeEmail,
};

/**
 * A keyed, normalised digest of an e-mail address under the active blind-index key, for state
 * kept about an address whether or not an account has it: lockouts, rate limits, IP-ban counts.
 */
@Injectable()
export class EmailDigest {
  constructor(private readonly blindIndexes: BlindIndex) {}

  of(email: string): string {
    return this.blindIndexes.compute(email, SECURITY_STATE_EMAIL);
  }
}
