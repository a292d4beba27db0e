import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '../auth/authenticated-user.js';
import { AllowedDuringMfaEnrolment } from '../auth/mfa-policy.decorators.js';
import { Public } from '../auth/public.decorator.js';
import { ApiProblemResponse } from '../http/api-problem-response.decorator.js';
import { Client } from './client-info.js';
import { RefreshDto } from './dto/refresh.dto.js';
import { SessionIdParams } from './dto/session-id.params.js';
import { SessionDto } from './dto/session.dto.js';
import { TokensDto } from './dto/tokens.dto.js';
import type { ClientInfo } from './session.service.js';
import { SessionService } from './session.service.js';
import { SessionNotFoundError } from './sessions.errors.js';
import { Authenticated } from '../auth/authorization.decorators.js';
import { RateLimit } from '../throttling/throttling.decorator.js';

@ApiTags('sessions')
@Authenticated()
@Controller('auth')
export class SessionsController {
  constructor(private readonly sessions: SessionService) {}

  @Public()
  @Post('refresh')
  @RateLimit('refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: TokensDto })
  @ApiProblemResponse(
    401,
    'Unknown, rotated or expired refresh token; a rotated one revokes its session.',
  )
  async refresh(@Body() body: RefreshDto, @Client() client: ClientInfo): Promise<TokensDto> {
    return new TokensDto(await this.sessions.refresh(body.refreshToken, client));
  }

  @Post('logout')
  @HttpCode(204)
  @AllowedDuringMfaEnrolment()
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'The session, its refresh and access tokens are revoked.' })
  async logout(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.sessions.revoke(user, 'logout');
  }

  @Post('logout-all')
  @HttpCode(204)
  @AllowedDuringMfaEnrolment()
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'Every session of the user is revoked.' })
  async logoutAll(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.sessions.revoke({ userId: user.userId }, 'logout_all');
  }

  @Get('sessions')
  @ApiBearerAuth()
  @ApiOkResponse({ type: [SessionDto] })
  async list(@CurrentUser() user: AuthenticatedUser): Promise<SessionDto[]> {
    const sessions = await this.sessions.listLive(user.userId);
    return sessions.map((session) => new SessionDto(session, user.sessionId));
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiProblemResponse(404, 'No live session with this id belongs to the caller.')
  async revoke(
    @CurrentUser() user: AuthenticatedUser,
    @Param() params: SessionIdParams,
  ): Promise<void> {
    const revoked = await this.sessions.revoke(
      { userId: user.userId, sessionId: params.id },
      'revoked_by_user',
    );
    if (revoked.length === 0) {
      throw new SessionNotFoundError();
    }
  }
}
