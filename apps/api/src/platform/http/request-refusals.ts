/** A request refused for its input, as the HTTP layer sees it. */
export interface InvalidInputRefusal {
  /** `METHOD /route/pattern`, or `(unmatched)` for a path no route matches. */
  readonly route: string;
  /** The body named fields the API never declared (`roles`, `isAdmin`…). */
  readonly massAssignment: boolean;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/**
 * Where refused requests are reported. The HTTP layer knows what it refused; recording it is a
 * security control's job (the audit trail provides this), so the HTTP layer imports no feature.
 */
export abstract class RequestRefusals {
  /** Settles once the refusal is recorded or could not be; it never rejects. */
  abstract recordInvalidInput(refusal: InvalidInputRefusal): Promise<void>;
}
