import { ApiProperty } from '@nestjs/swagger';
import { IsIP } from 'class-validator';

export class IpBanParams {
  @ApiProperty({ description: 'An IPv4 address, or any IPv6 address of the banned /64 network.' })
  @IsIP()
  ip: string;
}
