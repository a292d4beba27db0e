import { ApiProperty } from '@nestjs/swagger';
import { IsIP } from 'class-validator';

export class IpBanParams {
  // IsIP accepts an IPv6 zone id of any length: the bound is the router's (maxParamLength).
  @ApiProperty({
    description: 'An IPv4 address, or any IPv6 address of the banned /64 network.',
    maxLength: 100,
  })
  @IsIP()
  ip: string;
}
