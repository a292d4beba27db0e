/** The problem (RFC 9457) an error class is answered with: the same for every throw of it. */
export interface ProblemType {
  /** Stable code, e.g. `NOTES.NOT_FOUND`: logs and tests name the error by it. */
  readonly code: string;
  readonly status: number;
  /** Sent as `urn:bulwark:problem:<type>`; without it, `about:blank` and the status text. */
  readonly type?: string;
  readonly title?: string;
  readonly detail?: string;
}

/** What one throw adds to its problem type. */
export interface ProblemOccurrence {
  /** Replaces the type's detail for this throw; written by the code, never echoing input. */
  readonly detail?: string;
  /** Extension members of the body (e.g. `invalidParams`); never internals. */
  readonly extensions?: Readonly<Record<string, unknown>>;
  /** Sent as the `Retry-After` header (RFC 9110), never in the body. */
  readonly retryAfterSeconds?: number;
  /** Sent as the `WWW-Authenticate` header (RFC 9110 §11.6.1), never in the body. */
  readonly wwwAuthenticate?: string;
}

/**
 * Base of every domain error. Services throw these, never HTTP exceptions. Each error declares
 * the problem it is answered with, through {@link appError}: a class without one does not
 * compile, so the HTTP layer renders any error without knowing the feature that threw it.
 */
export abstract class AppError extends Error {
  abstract readonly problemType: ProblemType;

  get code(): string {
    return this.problemType.code;
  }

  override get name(): string {
    return this.constructor.name;
  }

  /** Extensions and headers of this throw; none by default. */
  occurrence(): ProblemOccurrence {
    return {};
  }
}

/**
 * The base class of an error answered with `problemType`:
 * `class NoteNotFoundError extends appError({ code: 'NOTES.NOT_FOUND', status: 404 }) {}`.
 */
// The return type is inferred: it is what tells the compiler that problemType is implemented.
export function appError(problemType: ProblemType) {
  abstract class DeclaredAppError extends AppError {
    // On the prototype, so the problem of a class can be read without throwing it (tests, docs).
    get problemType(): ProblemType {
      return problemType;
    }
  }
  return DeclaredAppError;
}
