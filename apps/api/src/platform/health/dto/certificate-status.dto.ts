import { ApiProperty } from '@nestjs/swagger';
import type { CertificateExpiry } from '../../tls/serving-certificate.js';

/** The certificate the native TLS listener serves: when to renew it. */
export class CertificateStatusDto {
  @ApiProperty({
    type: 'integer',
    format: 'int32',
    description: 'Whole days until it expires (negative once expired)',
  })
  readonly daysLeft: number;

  @ApiProperty({ description: 'Its notAfter', format: 'date-time' })
  readonly validTo: string;

  constructor(expiry: CertificateExpiry) {
    this.daysLeft = expiry.daysLeft;
    this.validTo = expiry.validTo.toISOString();
  }
}
