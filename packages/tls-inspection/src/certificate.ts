import { X509Certificate } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';

const DAY_MS = 86_400_000;

/** What a person checks about one certificate of a chain. */
export interface CertificateSummary {
  readonly subject: string;
  readonly issuer: string;
  readonly validFrom: string;
  readonly validTo: string;
  /** Whole days until `validTo` (negative once expired). */
  readonly daysLeft: number;
  readonly fingerprint256: string;
}

/** Whole days from `now` until `notAfter`, rounded down: a certificate with 6.9 days left has 6. */
export function daysUntil(notAfter: Date, now: Date): number {
  return Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
}

function distinguishedName(name: Readonly<Record<string, string | string[] | undefined>>): string {
  return Object.entries(name)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : String(value)}`)
    .join(', ');
}

export function summarizeCertificate(certificate: PeerCertificate, now: Date): CertificateSummary {
  return {
    subject: distinguishedName(certificate.subject),
    issuer: distinguishedName(certificate.issuer),
    validFrom: new Date(certificate.valid_from).toISOString(),
    validTo: new Date(certificate.valid_to).toISOString(),
    daysLeft: daysUntil(new Date(certificate.valid_to), now),
    fingerprint256: certificate.fingerprint256,
  };
}

/** The leaf of a PEM file (the first certificate in it) and its days left. */
export function pemCertificateExpiry(
  pem: string | Buffer,
  now: Date,
): { validTo: Date; daysLeft: number } {
  const validTo = new Date(new X509Certificate(pem).validTo);
  return { validTo, daysLeft: daysUntil(validTo, now) };
}
