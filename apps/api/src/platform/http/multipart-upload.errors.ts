import { appError } from '../errors/app-error.js';

export class UploadNotMultipartError extends appError({
  code: 'UPLOAD.NOT_MULTIPART',
  status: 415,
  type: 'upload-not-multipart',
  title: 'Not a multipart upload',
  detail: 'Send the file as multipart/form-data, in a part named "file".',
}) {
  constructor() {
    super('The request is not multipart/form-data');
  }
}

export class UploadMalformedError extends appError({
  code: 'UPLOAD.MALFORMED',
  status: 400,
  type: 'upload-malformed',
  title: 'Malformed upload',
  detail: 'The body must hold exactly one part, a file named "file", and nothing else.',
}) {
  constructor(reason: string) {
    super(`Malformed multipart body: ${reason}`);
  }
}

export class UploadTooLargeError extends appError({
  code: 'UPLOAD.TOO_LARGE',
  status: 413,
  type: 'upload-too-large',
  title: 'File too large',
}) {
  constructor(private readonly limitBytes: number) {
    super('The file is larger than the limit');
  }

  override occurrence() {
    return {
      detail: `The file is larger than the ${this.limitBytes} bytes accepted here.`,
      extensions: { limitBytes: this.limitBytes },
    };
  }
}

/** A JSON route was sent multipart/form-data. */
export class MultipartNotAcceptedError extends appError({
  code: 'UPLOAD.NOT_ACCEPTED',
  status: 415,
  detail: 'Send the body as application/json.',
}) {
  constructor() {
    super('multipart/form-data sent to a route that takes JSON');
  }
}
