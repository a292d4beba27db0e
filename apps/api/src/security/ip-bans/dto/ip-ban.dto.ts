import { ApiProperty } from '@nestjs/swagger';
import { OffsetPageDto } from '../../../platform/http/page.js';
import type { IpBan } from '../ip-ban.store.js';

export class IpBanDto {
  @ApiProperty({
    description:
      'An IPv4 address, or the /64 network of an IPv6 one (e.g. 2001:db8:1:2::/64), as the API ' +
      'sees the client (see TRUSTED_PROXIES).',
  })
  readonly ip: string;

  @ApiProperty({ format: 'date-time' })
  readonly expiresAt: string;

  constructor(ban: IpBan) {
    this.ip = ban.ip;
    this.expiresAt = new Date(ban.expiresAt).toISOString();
  }
}

export class IpBanPageDto extends OffsetPageDto(IpBanDto, (ban: IpBan) => new IpBanDto(ban), {
  items: 'Soonest to expire first.',
  total: 'Every active ban, whatever the page.',
}) {}
