import { EOL } from 'node:os';
import TransportStream from 'winston-transport';
import type winston from 'winston';

/**
 * Writes each record as one JSON line. winston's Stream transport would copy the record for its
 * format and schedule a 'logged' event per line; this writes the line and nothing else.
 */
export class JsonLinesTransport extends TransportStream {
  readonly #stream: NodeJS.WritableStream;

  constructor(stream: NodeJS.WritableStream, level: string | undefined) {
    super({ level });
    this.#stream = stream;
  }

  override log(record: winston.Logform.TransformableInfo, next: () => void): void {
    // Its strings are already escaped, so the line cannot break.
    this.#stream.write(`${JSON.stringify(record)}${EOL}`);
    next();
  }
}
