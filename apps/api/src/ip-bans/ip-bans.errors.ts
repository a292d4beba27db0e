import { AppError } from '../http/app-error.js';

/** The client's address failed authentication against too many accounts: every request is refused. */
export class IpBannedError extends AppError {
  readonly code = 'IP_BANS.BANNED';

  constructor(readonly retryAfterSeconds: number) {
    super('Client address banned after failures against many accounts');
  }
}

export class IpBanNotFoundError extends AppError {
  readonly code = 'IP_BANS.NOT_FOUND';

  constructor() {
    super('No active ban of this address');
  }
}
