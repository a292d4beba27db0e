import { ApiProperty } from '@nestjs/swagger';
import type { SessionTokens } from '../session.service.js';

export class TokensDto implements SessionTokens {
  @ApiProperty({ description: 'ES256 JWT (`typ: at+jwt`) for the Authorization header.' })
  readonly accessToken: string;

  @ApiProperty({ description: 'Opaque, single use: each refresh returns a new one.' })
  readonly refreshToken: string;

  @ApiProperty({ enum: ['Bearer'] })
  readonly tokenType: 'Bearer';

  @ApiProperty({ description: 'Seconds until the access token expires.' })
  readonly expiresIn: number;

  constructor(tokens: SessionTokens) {
    this.accessToken = tokens.accessToken;
    this.refreshToken = tokens.refreshToken;
    this.tokenType = tokens.tokenType;
    this.expiresIn = tokens.expiresIn;
  }
}
