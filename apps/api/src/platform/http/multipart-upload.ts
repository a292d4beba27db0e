import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Multipart } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import {
  MultipartNotAcceptedError,
  UploadMalformedError,
  UploadNotMultipartError,
  UploadTooLargeError,
} from './multipart-upload.errors.js';

/** The route config flag of handlers that take an {@link Upload}: `@RouteConfig(MULTIPART_ROUTE)`. */
export const MULTIPART_ROUTE = { multipart: true } as const;

/** The form field the file comes in. */
export const FILE_FIELD = 'file';

/** The one file of an upload, as it streams in. */
export interface IncomingFile {
  /** The client's name for it: untrusted, for display only. */
  readonly filename: string;
  /** The bytes; fails with {@link UploadTooLargeError} past the limit given to `receive`. */
  readonly content: Readable;
}

// Busboy's parser limits for the whole body; the file's size is checked as it streams.
const PART_LIMITS = { fields: 0, files: 1, parts: 1, fieldNameSize: 100, headerPairs: 20 };

/**
 * A multipart/form-data body holding one file, read only when a service asks: the service checks
 * access first, so nothing is read for a caller who may not upload. The file is streamed, never
 * held whole in memory.
 */
export class Upload {
  constructor(private readonly request: FastifyRequest) {}

  /**
   * Streams the file to `consume`, then checks nothing follows it. When the body turns out
   * malformed after `consume` succeeded, `undo` gets its result (to delete what it stored).
   * @throws UploadNotMultipartError, UploadMalformedError, UploadTooLargeError
   */
  async receive<T>(
    maxBytes: number,
    consume: (file: IncomingFile) => Promise<T>,
    undo: (result: T) => Promise<void>,
  ): Promise<T> {
    if (!this.request.isMultipart()) {
      throw new UploadNotMultipartError();
    }
    // One byte over the limit reaches the size check; busboy truncates anything further.
    const parts = this.request.parts({ limits: { ...PART_LIMITS, fileSize: maxBytes + 1 } });
    const first = await next(parts);
    if (first === undefined || first.type !== 'file' || first.fieldname !== FILE_FIELD) {
      throw new UploadMalformedError('no file part named "file" first');
    }
    // Busboy may have failed the part already, when the whole body had arrived cut short.
    if (first.file.destroyed) {
      throw new UploadMalformedError('file part cut short');
    }
    const content = sizeLimit(maxBytes);
    // A body cut short later fails the content (pipe alone would leave it waiting).
    first.file.once('error', () =>
      content.destroy(new UploadMalformedError('file part cut short')),
    );
    const result = await consume({ filename: first.filename, content: first.file.pipe(content) });
    try {
      if ((await next(parts)) !== undefined) {
        throw new UploadMalformedError('more than one part');
      }
    } catch (error) {
      await undo(result);
      throw error;
    }
    return result;
  }
}

/** The upload of the current request; only for handlers declared `@RouteConfig(MULTIPART_ROUTE)`. */
export const IncomingUpload = createParamDecorator(
  (_data: unknown, context: ExecutionContext) =>
    new Upload(context.switchToHttp().getRequest<FastifyRequest>()),
);

/** Refuses multipart bodies on every route but those declared {@link MULTIPART_ROUTE}. */
export function multipartRoutesOnlyHook(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: (error?: Error) => void,
): void {
  const config = request.routeOptions.config as { multipart?: boolean };
  done(
    request.isMultipart() && config.multipart !== true
      ? new MultipartNotAcceptedError()
      : undefined,
  );
}

// The parser's own errors name the library; each becomes one of ours.
async function next(parts: AsyncIterator<Multipart>): Promise<Multipart | undefined> {
  try {
    const result = await parts.next();
    return result.done === true ? undefined : result.value;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
      throw new UploadNotMultipartError();
    }
    throw new UploadMalformedError(typeof code === 'string' ? code : 'unparseable');
  }
}

function sizeLimit(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      seen += chunk.length;
      callback(seen > maxBytes ? new UploadTooLargeError(maxBytes) : null, chunk);
    },
  });
}
