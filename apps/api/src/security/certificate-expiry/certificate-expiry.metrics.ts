import { Gauge, type Registry } from 'prom-client';
import type { ServingCertificate } from '../../platform/tls/serving-certificate.js';

/**
 * The served certificate's notAfter, which infra/monitoring's BulwarkTlsCertificateExpiring rule
 * compares with the time of evaluation; no series without native TLS.
 */
export function registerCertificateExpiryMetrics(
  registry: Registry,
  certificate: ServingCertificate,
): void {
  new Gauge({
    name: 'bulwark_tls_certificate_expiry_timestamp_seconds',
    help: 'notAfter of the certificate the native TLS listener serves, in Unix seconds',
    labelNames: ['certificate'] as const,
    registers: [registry],
    collect() {
      const expiry = certificate.expiry();
      if (expiry !== undefined) {
        this.set({ certificate: 'serving' }, expiry.validTo.getTime() / 1000);
      }
    },
  });
}
