import type { RawRequest } from './raw-http.js';
import type { CaseContext } from './request.js';

/** One kind of bad input; `build` makes one request of that kind from the context's random stream. */
export interface FuzzCase {
  readonly name: string;
  readonly applies: (context: CaseContext) => boolean;
  readonly build: (context: CaseContext) => RawRequest;
}
