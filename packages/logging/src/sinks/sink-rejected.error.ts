/** Thrown by a sink's delivery when the collector refused a batch and retrying it cannot help. */
export class SinkRejectedError extends Error {
  override readonly name = 'SinkRejectedError';
}
