import { describe, expect, it } from 'vitest';
import { problemFor } from '../../platform/http/problem-details.js';
import {
  InvalidMfaCodeError,
  MfaAlreadyEnabledError,
  MfaNotEnabledError,
  NoPendingMfaSetupError,
} from './mfa.errors.js';

describe('MFA errors', () => {
  it.each([
    [new MfaAlreadyEnabledError(), 409, 'mfa-already-enabled'],
    [new MfaNotEnabledError(), 409, 'mfa-not-enabled'],
    [new NoPendingMfaSetupError(), 409, 'no-pending-mfa-setup'],
    [new InvalidMfaCodeError(), 401, 'invalid-mfa-code'],
  ])('maps %s to %i with its own problem type', (error, status, type) => {
    expect(problemFor(error)).toMatchObject({ status, type: `urn:bulwark:problem:${type}` });
  });
});
