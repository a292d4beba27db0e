import { appError, type ProblemOccurrence } from '../../platform/errors/app-error.js';

/** Any reason an access token is not accepted; the reason is logged, never told to the client. */
export class InvalidAccessTokenError extends appError({
  code: 'TOKENS.INVALID_ACCESS_TOKEN',
  status: 401,
}) {
  // RFC 6750 §3 asks for the challenge; no error code, which would say why the token failed.
  override occurrence(): ProblemOccurrence {
    return { wwwAuthenticate: 'Bearer' };
  }
}
