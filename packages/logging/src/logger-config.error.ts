/** Thrown by `createLogger` when the options are invalid or unsafe for the environment. */
export class LoggerConfigError extends Error {
  override readonly name = 'LoggerConfigError';
}
