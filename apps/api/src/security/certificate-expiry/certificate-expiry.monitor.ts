import {
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Registry } from 'prom-client';
import { ServingCertificate } from '../../platform/tls/serving-certificate.js';
import { AuditService } from '../audit/audit.service.js';
import { registerCertificateExpiryMetrics } from './certificate-expiry.metrics.js';

/** Days left at which the log and the audit trail are told, once each per certificate. */
export const CERTIFICATE_WARNING_DAYS = [30, 7] as const;
const CHECK_INTERVAL_MS = 3_600_000;

/**
 * Warns as the served certificate nears its expiry: a `sys_certificate_expiring` event (a
 * warning in the log stream, a row in the audit trail) when it has 30 days left or fewer, and
 * again at 7. Checked at start, every hour and after each reload; a renewed certificate starts
 * afresh. Its notAfter is also a metric, for the alert rule.
 */
@Injectable()
export class CertificateExpiryMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly warned = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly certificate: ServingCertificate,
    private readonly audit: AuditService,
    registry: Registry,
  ) {
    registerCertificateExpiryMetrics(registry, certificate);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.certificate.expiry() === undefined) {
      return;
    }
    this.certificate.onReload(() => this.check());
    this.timer = setInterval(() => void this.check(), CHECK_INTERVAL_MS).unref();
    await this.check();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async check(now = new Date()): Promise<void> {
    const expiry = this.certificate.expiry(now);
    if (expiry === undefined) {
      return;
    }
    // The most urgent threshold passed: a certificate first seen at 5 days warns once, at 7.
    const threshold = CERTIFICATE_WARNING_DAYS.filter((days) => expiry.daysLeft <= days).at(-1);
    const key = `${expiry.validTo.toISOString()}|${String(threshold)}`;
    if (threshold === undefined || this.warned.has(key)) {
      return;
    }
    this.warned.add(key);
    await this.audit
      .record({
        event: 'sys_certificate_expiring',
        outcome: 'failure',
        actor: 'system',
        target: 'tls:serving-certificate',
        metadata: {
          daysLeft: expiry.daysLeft,
          thresholdDays: threshold,
          validTo: expiry.validTo.toISOString(),
        },
      })
      // A refused row is still logged (stored: false); monitoring goes on.
      .catch(() => undefined);
  }
}
