import type { Check } from '../check.js';
import { ABUSE_CHECKS } from './abuse.checks.js';
import { AUTHENTICATION_CHECKS } from './authentication.checks.js';
import { AUTHORIZATION_CHECKS } from './authorization.checks.js';
import { HEADERS_CHECKS } from './headers.checks.js';
import { INPUT_CHECKS } from './input.checks.js';
import { TRANSPORT_CHECKS } from './transport.checks.js';

/**
 * Every check, in the order they run: the fuzzer last, since its requests may trip the limits
 * and bans the other checks need untouched.
 */
export const SUITE_CHECKS: readonly Check[] = [
  ...TRANSPORT_CHECKS,
  ...HEADERS_CHECKS,
  ...AUTHENTICATION_CHECKS,
  ...AUTHORIZATION_CHECKS,
  ...ABUSE_CHECKS,
  ...INPUT_CHECKS,
];
