import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessTokenService, type PublicJwk } from './access-token.service.js';
import { Public } from '../../platform/route-access/public.decorator.js';

@ApiTags('tokens')
@Public()
@Controller('.well-known')
export class JwksController {
  constructor(private readonly accessTokens: AccessTokenService) {}

  /** Public keys that verify access tokens; cacheable, unlike every other response. */
  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    summary: 'Access token verification keys',
    description: 'The JSON Web Key Set whose `kid`s verify access tokens; cacheable for 5 minutes.',
  })
  @ApiOkResponse({ description: 'JSON Web Key Set (RFC 7517) of the ES256 verification keys.' })
  jwks(): { keys: PublicJwk[] } {
    return this.accessTokens.jwks();
  }
}
