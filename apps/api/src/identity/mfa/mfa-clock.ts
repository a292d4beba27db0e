/** Injection token of the {@link Clock} TOTP steps are counted by. */
export const MFA_CLOCK = Symbol('MFA_CLOCK');
