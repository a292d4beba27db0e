/** Injection token of the malware scanner as readiness sees it (provided by security/malware-scan). */
export const MALWARE_SCANNER_PROBE = Symbol('MALWARE_SCANNER_PROBE');

/** Just enough of a scanner to report on it: platform code knows no scanner. */
export interface ScannerProbe {
  readonly configured: boolean;
  ping(): Promise<void>;
}
