import winston from 'winston';
import TransportStream from 'winston-transport';

/** The least a winston transport can do with a record: write it as one JSON line. */
class JsonLineTransport extends TransportStream {
  readonly #stream: NodeJS.WritableStream;

  constructor(stream: NodeJS.WritableStream) {
    super();
    this.#stream = stream;
  }

  override log(record: object, next: () => void): void {
    this.#stream.write(`${JSON.stringify(record)}\n`);
    next();
  }
}

/**
 * A plain winston logger at `info` that writes each record as given, one JSON line, without
 * redaction, escaping, field order or request context: what a line costs at the least with the
 * logger the template is built on.
 */
export function createPlainWinstonLogger(stream: NodeJS.WritableStream): winston.Logger {
  return winston.createLogger({
    level: 'info',
    format: winston.format((record) => record)(),
    transports: [new JsonLineTransport(stream)],
  });
}
