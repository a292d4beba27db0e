import { appError, type ProblemOccurrence } from '../../platform/errors/app-error.js';

/**
 * The client's address failed authentication against too many accounts: every request is
 * refused until the ban ends, so the answer may say why and for how long.
 */
export class IpBannedError extends appError({
  code: 'IP_BANS.BANNED',
  status: 403,
  type: 'ip-banned',
  title: 'Too many failed sign-ins from this address.',
  detail: 'Requests from this address are refused until the delay in Retry-After has passed.',
}) {
  constructor(readonly retryAfterSeconds: number) {
    super('Client address banned after failures against many accounts');
  }

  override occurrence(): ProblemOccurrence {
    return { retryAfterSeconds: this.retryAfterSeconds };
  }
}

export class IpBanNotFoundError extends appError({ code: 'IP_BANS.NOT_FOUND', status: 404 }) {
  constructor() {
    super('No active ban of this address');
  }
}
