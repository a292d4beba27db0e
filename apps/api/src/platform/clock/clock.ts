/**
 * Milliseconds since the epoch. Whatever keeps time-bound state (lockouts, rate limits, bans,
 * TOTP steps) takes one, so that tests move time instead of waiting for it.
 */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
