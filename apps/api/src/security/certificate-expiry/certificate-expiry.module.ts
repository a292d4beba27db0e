import { Module } from '@nestjs/common';
import { TlsModule } from '../../platform/tls/tls.module.js';
import { CertificateExpiryMonitor } from './certificate-expiry.monitor.js';

@Module({ imports: [TlsModule], providers: [CertificateExpiryMonitor] })
export class CertificateExpiryModule {}
