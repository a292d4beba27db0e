import { appError } from '../errors/app-error.js';

export class UrlTooLongError extends appError({
  code: 'REQUEST.URL_TOO_LONG',
  status: 414,
  detail: 'The URL is longer than the server accepts.',
}) {
  constructor() {
    super('The request target is longer than MAX_URL_LENGTH');
  }
}

export class TooManyHeadersError extends appError({
  code: 'REQUEST.TOO_MANY_HEADERS',
  status: 431,
  detail: 'The request has more header fields than the server accepts.',
}) {
  constructor() {
    super('The request has more header fields than MAX_HEADER_COUNT');
  }
}
