/** Milliseconds since the Unix epoch; injected so that tests move time instead of waiting. */
export type Clock = () => number;

export const MFA_CLOCK = Symbol('MFA_CLOCK');
