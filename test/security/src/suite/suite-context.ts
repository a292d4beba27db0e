import { inspectTls, type TlsInspection } from '@bulwark/tls-inspection';
import type { Account } from '../accounts.js';
import type { Target } from '../http-client.js';
import { operationsOf, type Operation } from '../openapi.js';

export interface SuiteOptions {
  readonly target: Target;
  /** The OpenAPI document of the deployment: the routes the checks and the fuzzer visit. */
  readonly document: unknown;
  /** Two verified accounts without MFA: `owner` creates objects, `other` tries to reach them. */
  readonly accounts: { readonly owner: Account; readonly other: Account } | undefined;
  /** An administrator (with TOTP), for the fuzzer's admin routes and to lock the test accounts. */
  readonly admin: Account | undefined;
  /** Fuzzer requests per operation. */
  readonly budget: number;
  readonly seed: number;
  /** The serving certificate must have more days left than this. */
  readonly minDays: number;
  /** Pairs of failed sign-ins (a known and an unknown address) for the enumeration timing check. */
  readonly timingSamples: number;
  /** A median difference within pairs above this fails when the differences are one-sided. */
  readonly timingBoundMs: number;
  /** Failed sign-ins sent at most before the login flood check expects a refusal. */
  readonly floodMax: number;
  /** The target is not production, where the OpenAPI UI is allowed. */
  readonly docsAllowed: boolean;
  readonly slowMs: number;
  readonly bodyLimitBytes: number;
}

/** What every check sees: the options, the documented operations, the TLS inspection (once). */
export interface SuiteContext extends SuiteOptions {
  readonly operations: readonly Operation[];
  /** The inspection of an https target, made on first use; undefined for http. */
  tls(): Promise<TlsInspection | undefined>;
}

export function suiteContext(options: SuiteOptions): SuiteContext {
  let inspection: Promise<TlsInspection> | undefined;
  const { url, ca } = options.target;
  return {
    ...options,
    operations: operationsOf(options.document),
    tls: async () => {
      if (url.protocol !== 'https:') {
        return undefined;
      }
      inspection ??= inspectTls({
        host: url.hostname,
        port: Number(url.port || 443),
        ...(ca === undefined ? {} : { ca }),
      });
      return inspection;
    },
  };
}
