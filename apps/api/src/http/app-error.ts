/**
 * Base of every domain error. Services throw these, never HTTP exceptions; the problem-details
 * mapper turns each `code` into a status in one exhaustive switch.
 */
export abstract class AppError extends Error {
  abstract readonly code: string;

  override get name(): string {
    return this.constructor.name;
  }
}
