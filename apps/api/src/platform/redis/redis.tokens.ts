/** Injection token of the shared `Redis` client, or `null` when REDIS_URL is unset (one instance). */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
