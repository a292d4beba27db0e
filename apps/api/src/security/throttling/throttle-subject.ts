import { clientSubject } from '../../platform/request-context/client-subject.js';
import { opaqueTokenHash } from '../opaque-tokens/opaque-token.js';
import type { RateLimitSubject } from './throttling.policies.js';

/** The parts of a request a subject is derived from; the body is not validated yet. */
export interface SubjectSource {
  /** Fastify's `request.ip`: the peer, or the right-most untrusted X-Forwarded-For address. */
  readonly ip: string;
  readonly body?: unknown;
}

/**
 * The subject that a limit counts a request against, e.g. `ip:203.0.113.7`; an IPv6 client
 * counts as its network of CLIENT_IPV6_PREFIX bits (see clientSubject). Accounts are keyed by a digest, so
 * no e-mail address or token is ever a storage key; a body without the field counts against the
 * client address (validation then refuses it).
 */
export function throttleSubject(
  subject: RateLimitSubject,
  request: SubjectSource,
  emailDigest: (email: string) => string,
  ipv6Prefix: number,
): string {
  if (subject === 'email') {
    const email = bodyField(request.body, 'email');
    if (email !== undefined) {
      return `email:${emailDigest(email)}`;
    }
  }
  if (subject === 'mfa-challenge') {
    // The hash the challenge is stored by; a malformed token has none.
    const token = bodyField(request.body, 'mfaToken');
    const hash = token === undefined ? undefined : opaqueTokenHash('mfaChallenge', token);
    if (hash !== undefined) {
      return `mfa-challenge:${hash}`;
    }
  }
  return `ip:${clientSubject(request.ip, ipv6Prefix)}`;
}

// Longer than any e-mail address (RFC 5321: 254) or opaque token the API issues.
const MAX_SUBJECT_FIELD_LENGTH = 320;
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * A body field fit to derive a subject from, else undefined: the body is not validated yet, and
 * nothing computed from it here may throw (the digest refuses ill-formed Unicode).
 */
function bodyField(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null || !Object.hasOwn(body, name)) {
    return undefined;
  }
  const value: unknown = (body as Record<string, unknown>)[name];
  return typeof value === 'string' &&
    value !== '' &&
    value.length <= MAX_SUBJECT_FIELD_LENGTH &&
    !LONE_SURROGATE.test(value)
    ? value
    : undefined;
}
