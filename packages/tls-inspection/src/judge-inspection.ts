import type { TlsInspection } from './inspect-tls.js';

/** What is wrong with an endpoint, by aspect; an empty list is a pass. */
export interface TlsFindings {
  /** Anything below TLS 1.2 accepted, or neither 1.2 nor 1.3. */
  readonly protocols: readonly string[];
  /** Accepted suites without forward secrecy or AEAD. */
  readonly cipherSuites: readonly string[];
  /** An untrusted chain, or a leaf that does not name the host. */
  readonly certificate: readonly string[];
  /** The leaf has `minDays` days left or fewer. */
  readonly expiry: readonly string[];
}

/**
 * Judges an inspection against Mozilla's intermediate profile and an expiry threshold: the verdict
 * `pnpm cli tls:check` prints and the security suite's transport checks report.
 */
export function judgeInspection(inspection: TlsInspection, minDays: number): TlsFindings {
  const { protocols } = inspection;
  return {
    protocols: [
      ...(['TLSv1', 'TLSv1.1'] as const)
        .filter((version) => protocols[version])
        .map((version) => `${version} handshake accepted`),
      ...(protocols['TLSv1.2'] || protocols['TLSv1.3']
        ? []
        : ['neither TLS 1.2 nor TLS 1.3 accepted']),
    ],
    cipherSuites: inspection.weakSuites.map((suite) => `weak suite accepted: ${suite}`),
    certificate: [
      ...(inspection.chainError === undefined ? [] : [`chain: ${inspection.chainError}`]),
      ...(inspection.hostnameError === undefined ? [] : [inspection.hostnameError]),
    ],
    expiry:
      inspection.daysLeft > minDays
        ? []
        : [`${String(inspection.daysLeft)} days left, threshold ${String(minDays)}`],
  };
}
