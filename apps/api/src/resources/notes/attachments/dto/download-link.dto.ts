import { ApiProperty } from '@nestjs/swagger';
import type { SignedLink } from '../download-links.js';

export class DownloadLinkDto {
  @ApiProperty({
    description:
      'Path and query to GET with the same bearer token; only its user can use it, only until expiresAt.',
    example:
      '/attachments/0190a0e4-7c2b-7def-8000-000000000001/content?expires=1767225600&signature=k1.AbC',
  })
  readonly url: string;

  @ApiProperty({ format: 'date-time' })
  readonly expiresAt: string;

  constructor(attachmentId: string, link: SignedLink) {
    const query = new URLSearchParams({ expires: String(link.expires), signature: link.signature });
    this.url = `/attachments/${attachmentId}/content?${query.toString()}`;
    this.expiresAt = new Date(link.expires * 1000).toISOString();
  }
}
