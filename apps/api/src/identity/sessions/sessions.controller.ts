import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  CurrentUser,
  type AuthenticatedUser,
} from '../../platform/route-access/authenticated-user.js';
import { AllowedDuringMfaEnrolment } from '../../platform/route-access/mfa-policy.decorators.js';
import { Public } from '../../platform/route-access/public.decorator.js';
import { ApiProblemResponse, PROBLEM } from '../../platform/http/api-problem-response.decorator.js';
import { Client } from './client-info.js';
import { CurrentSessionDto } from './dto/current-session.dto.js';
import { RefreshDto } from './dto/refresh.dto.js';
import { SessionIdParams } from './dto/session-id.params.js';
import { SessionDto } from './dto/session.dto.js';
import { TokensDto } from './dto/tokens.dto.js';
import type { ClientInfo } from './session.service.js';
import { SessionService } from './session.service.js';
import { Authenticated } from '../../platform/route-access/authorization.decorators.js';
import { RateLimit } from '../../security/throttling/rate-limit.decorator.js';
import { RequiresRecentAuthentication } from '../../platform/route-access/recent-authentication.decorator.js';

@ApiTags('sessions')
@Authenticated()
@Controller('auth')
export class SessionsController {
  constructor(private readonly sessions: SessionService) {}

  @Public()
  @Post('refresh')
  @RateLimit('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rotate the refresh token',
    description:
      'Answers new tokens; the refresh token sent is spent, and presenting it again revokes the whole session.',
  })
  @ApiOkResponse({ type: TokensDto })
  @ApiProblemResponse(400, 'No refreshToken, or not a string of at most 100 characters.')
  @ApiProblemResponse(
    401,
    'Unknown, rotated or expired refresh token; a rotated one revokes its session.',
    ['about:blank'],
  )
  @ApiProblemResponse(403, 'An administrator locked the account.', [`${PROBLEM}account-locked`])
  async refresh(@Body() body: RefreshDto, @Client() client: ClientInfo): Promise<TokensDto> {
    return new TokensDto(await this.sessions.refresh(body.refreshToken, client));
  }

  @Post('logout')
  @HttpCode(204)
  @AllowedDuringMfaEnrolment()
  @ApiOperation({
    summary: 'Sign out',
    description: 'Revokes the current session: its refresh tokens and its access tokens.',
  })
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'The session, its refresh and access tokens are revoked.' })
  async logout(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.sessions.revoke(user, 'logout');
  }

  @Post('logout-all')
  @HttpCode(204)
  @AllowedDuringMfaEnrolment()
  @RequiresRecentAuthentication()
  @ApiOperation({
    summary: 'Sign out everywhere',
    description: 'Revokes every session of the user, this one included.',
  })
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'Every session of the user is revoked.' })
  async logoutAll(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.sessions.revoke({ userId: user.userId }, 'logout_all');
  }

  /** Allowed before enrolment, like GET /users/me: the client learns why other routes answer 403. */
  @Get('session')
  @AllowedDuringMfaEnrolment()
  @ApiOperation({
    summary: 'Read the current session',
    description:
      'The session of this access token: its id, when the password and a second factor were last proved, and when it ends. Answered without a database read.',
  })
  @ApiBearerAuth()
  @ApiOkResponse({ type: CurrentSessionDto })
  current(@CurrentUser() user: AuthenticatedUser): CurrentSessionDto {
    return new CurrentSessionDto(user);
  }

  @Get('sessions')
  @ApiOperation({
    summary: "List the caller's sessions",
    description: 'Live sessions with when they began and were last used, and from where.',
  })
  @ApiBearerAuth()
  @ApiOkResponse({ type: [SessionDto] })
  async list(@CurrentUser() user: AuthenticatedUser): Promise<SessionDto[]> {
    const sessions = await this.sessions.listLive(user.userId);
    return sessions.map((session) => new SessionDto(session, user.sessionId));
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @RequiresRecentAuthentication()
  @ApiOperation({
    summary: "Revoke one of the caller's sessions",
    description: "Another user's session id answers 404, like a missing one.",
  })
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiProblemResponse(400, 'The id is not a UUID.')
  @ApiProblemResponse(404, 'No live session with this id belongs to the caller.')
  async revoke(
    @CurrentUser() user: AuthenticatedUser,
    @Param() params: SessionIdParams,
  ): Promise<void> {
    await this.sessions.revokeOwn(user.userId, params.id);
  }
}
