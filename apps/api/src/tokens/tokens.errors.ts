import { AppError } from '../http/app-error.js';

/** Any reason an access token is not accepted; the reason is logged, never told to the client. */
export class InvalidAccessTokenError extends AppError {
  readonly code = 'TOKENS.INVALID_ACCESS_TOKEN';
}
