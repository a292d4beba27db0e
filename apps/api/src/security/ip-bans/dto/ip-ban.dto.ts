import { ApiProperty } from '@nestjs/swagger';
import type { IpBan, IpBanPage } from '../ip-ban.store.js';

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

export class IpBanPageDto {
  @ApiProperty({ type: [IpBanDto], description: 'Soonest to expire first.' })
  readonly items: readonly IpBanDto[];

  @ApiProperty({ type: 'integer', format: 'int32' })
  readonly limit: number;

  @ApiProperty({ type: 'integer', format: 'int64' })
  readonly offset: number;

  @ApiProperty({
    type: 'integer',
    format: 'int64',
    description: 'Every active ban, whatever the page.',
  })
  readonly total: number;

  constructor(page: IpBanPage, offset: number, limit: number) {
    this.items = page.bans.map((ban) => new IpBanDto(ban));
    this.limit = limit;
    this.offset = offset;
    this.total = page.total;
  }
}
