import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
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
import { Authenticated } from '../../platform/route-access/authorization.decorators.js';
import {
  AllowedDuringMfaEnrolment,
  RequiresRecentMfa,
} from '../../platform/route-access/mfa-policy.decorators.js';
import { Public } from '../../platform/route-access/public.decorator.js';
import { RequiresRecentAuthentication } from '../../platform/route-access/recent-authentication.decorator.js';
import { ApiProblemResponse, PROBLEM } from '../../platform/http/api-problem-response.decorator.js';
import { RateLimit } from '../../security/throttling/rate-limit.decorator.js';
import { Client } from '../sessions/client-info.js';
import { TokensDto } from '../sessions/dto/tokens.dto.js';
import type { ClientInfo } from '../sessions/session.service.js';
import { CreationOptionsDto } from '../webauthn/dto/webauthn-options.dto.js';
import {
  PasskeyDto,
  PasskeyIdParams,
  PasskeySignInDto,
  RegisterPasskeyDto,
  RenamePasskeyDto,
  SignInOptionsDto,
} from './dto/passkeys.dto.js';
import { PasskeyEnrolmentService } from './passkey-enrolment.service.js';
import { PasskeyLoginService } from './passkey-login.service.js';

@ApiTags('passkeys')
@Authenticated()
@Controller('auth/passkeys')
export class PasskeysController {
  constructor(
    private readonly enrolment: PasskeyEnrolmentService,
    private readonly logins: PasskeyLoginService,
  ) {}

  @Post('registration/options')
  @HttpCode(200)
  @AllowedDuringMfaEnrolment()
  @RequiresRecentAuthentication()
  @RequiresRecentMfa()
  @ApiOperation({
    summary: 'Start registering a passkey',
    description:
      'WebAuthn creation options (discoverable credential, user verification required) with a challenge bound to this session, for navigator.credentials.create(). An account that already has a second factor must have proved it recently.',
  })
  @ApiBearerAuth()
  @ApiOkResponse({ type: CreationOptionsDto })
  async registrationOptions(@CurrentUser() user: AuthenticatedUser): Promise<CreationOptionsDto> {
    return new CreationOptionsDto(await this.enrolment.registrationOptions(user));
  }

  @Post('registration/verify')
  @HttpCode(200)
  @AllowedDuringMfaEnrolment()
  @RequiresRecentAuthentication()
  @RequiresRecentMfa()
  @ApiOperation({
    summary: 'Finish registering a passkey',
    description:
      'Verifies what navigator.credentials.create() returned for this session’s options and adds the passkey; it then counts as this session’s second factor.',
  })
  @ApiBearerAuth()
  @ApiOkResponse({ type: PasskeyDto })
  @ApiProblemResponse(
    400,
    'Invalid fields, or a refused registration (challenge, origin, RP id).',
    [`${PROBLEM}passkey-registration-rejected`],
  )
  @ApiProblemResponse(409, 'This passkey is registered already.', [
    `${PROBLEM}passkey-already-registered`,
  ])
  async register(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: RegisterPasskeyDto,
  ): Promise<PasskeyDto> {
    return new PasskeyDto(await this.enrolment.register(user, body.credential, body.name));
  }

  @Get()
  @ApiOperation({
    summary: "The caller's passkeys",
    description: 'Name, when added and last used, whether synced to a cloud account, transports.',
  })
  @ApiBearerAuth()
  @ApiOkResponse({ type: [PasskeyDto] })
  async list(@CurrentUser() user: AuthenticatedUser): Promise<PasskeyDto[]> {
    return (await this.enrolment.list(user)).map((passkey) => new PasskeyDto(passkey));
  }

  @Patch(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Rename one of the caller’s passkeys',
    description: 'The name is the user’s label for it, shown in the list.',
  })
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'Renamed.' })
  @ApiProblemResponse(400, 'Invalid id or name.')
  @ApiProblemResponse(404, 'No such passkey of the caller.', [`${PROBLEM}passkey-not-found`])
  async rename(
    @CurrentUser() user: AuthenticatedUser,
    @Param() params: PasskeyIdParams,
    @Body() body: RenamePasskeyDto,
  ): Promise<void> {
    await this.enrolment.rename(user, params.id, body.name);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresRecentMfa()
  @ApiOperation({
    summary: 'Delete one of the caller’s passkeys',
    description:
      'Needs a recent second factor (step-up); the last factor of an account whose role requires MFA stays.',
  })
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'Deleted; it can no longer sign in.' })
  @ApiProblemResponse(400, 'Invalid id.')
  @ApiProblemResponse(404, 'No such passkey of the caller.', [`${PROBLEM}passkey-not-found`])
  @ApiProblemResponse(409, 'It is the last factor, and a role of the user requires MFA.', [
    `${PROBLEM}mfa-required-by-role`,
  ])
  async remove(
    @CurrentUser() user: AuthenticatedUser,
    @Param() params: PasskeyIdParams,
  ): Promise<void> {
    await this.enrolment.remove(user, params.id);
  }

  @Public()
  @Post('authentication/options')
  @RateLimit('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start a passwordless sign-in',
    description:
      'WebAuthn request options naming no account (any discoverable passkey of this site may answer; conditional UI friendly) and the attemptToken their challenge is bound to. Nothing is asked, so nothing about accounts is revealed.',
  })
  @ApiOkResponse({ type: SignInOptionsDto })
  async signInOptions(): Promise<SignInOptionsDto> {
    return new SignInOptionsDto(await this.logins.options());
  }

  @Public()
  @Post('authentication/verify')
  @RateLimit('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in with a passkey',
    description:
      'Verifies what navigator.credentials.get() returned for the options of this attemptToken and answers with tokens, as a login with MFA does.',
  })
  @ApiOkResponse({ type: TokensDto })
  @ApiProblemResponse(400, 'Invalid fields.')
  @ApiProblemResponse(
    401,
    'Refused: unknown, used or expired challenge, unknown passkey, wrong origin or RP id.',
    [`${PROBLEM}passkey-rejected`],
  )
  @ApiProblemResponse(403, 'An administrator locked the account.', [`${PROBLEM}account-locked`])
  async signIn(@Body() body: PasskeySignInDto, @Client() client: ClientInfo): Promise<TokensDto> {
    return new TokensDto(await this.logins.signIn(body.attemptToken, body.credential, client));
  }
}
