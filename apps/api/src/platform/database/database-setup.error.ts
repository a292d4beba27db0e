/** The database cannot be opened as configured: retrying would not help, the operator must act. */
export class DatabaseSetupError extends Error {
  override readonly name = 'DatabaseSetupError';
}
