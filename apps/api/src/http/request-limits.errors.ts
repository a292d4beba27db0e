import { AppError } from './app-error.js';

export class UrlTooLongError extends AppError {
  readonly code = 'REQUEST.URL_TOO_LONG';

  constructor() {
    super('The request target is longer than MAX_URL_LENGTH');
  }
}

export class TooManyHeadersError extends AppError {
  readonly code = 'REQUEST.TOO_MANY_HEADERS';

  constructor() {
    super('The request has more header fields than MAX_HEADER_COUNT');
  }
}
