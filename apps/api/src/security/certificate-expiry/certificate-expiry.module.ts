import { Module } from '@nestjs/common';
import { MetricsRegistryModule } from '../../platform/metrics/metrics-registry.module.js';
import { TlsModule } from '../../platform/tls/tls.module.js';
import { CertificateExpiryMonitor } from './certificate-expiry.monitor.js';

@Module({ imports: [TlsModule, MetricsRegistryModule], providers: [CertificateExpiryMonitor] })
export class CertificateExpiryModule {}
