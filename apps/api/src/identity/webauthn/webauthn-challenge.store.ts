/** A ceremony may take this long between its options and its answer (WebAuthn's own timeout is 60 s). */
export const CHALLENGE_TTL_SECONDS = 300;

/**
 * The challenges issued and not yet answered, each under the binding that asked for it (a
 * session, a login's MFA step, a sign-in attempt): a new request for the same binding replaces
 * the old challenge, taking one removes it, so each is answered at most once and only there.
 */
export interface WebAuthnChallengeStore {
  put(binding: string, challenge: string, ttlSeconds: number): Promise<void>;
  /** The binding's challenge, removed in the same step; undefined when none or expired. */
  take(binding: string): Promise<string | undefined>;
}
