import { Module } from '@nestjs/common';
import { ServingCertificate } from './serving-certificate.js';

/** The native TLS listener's certificate: its expiry (health, monitoring) and its reload. */
@Module({ providers: [ServingCertificate], exports: [ServingCertificate] })
export class TlsModule {}
