import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  CurrentUser,
  type AuthenticatedUser,
} from '../../platform/route-access/authenticated-user.js';
import { Public } from '../../platform/route-access/public.decorator.js';
import {
  ApiProblemResponse,
  PROBLEM,
  RETRY_AFTER_HEADER,
} from '../../platform/http/api-problem-response.decorator.js';
import { Client } from '../sessions/client-info.js';
import { TokensDto } from '../sessions/dto/tokens.dto.js';
import type { ClientInfo } from '../sessions/session.service.js';
import {
  AllowedDuringMfaEnrolment,
  RequiresRecentMfa,
} from '../../platform/route-access/mfa-policy.decorators.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { MfaChallengeDto } from '../mfa/dto/mfa-responses.dto.js';
import { EmailDto } from './dto/email.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { RegisterDto } from './dto/register.dto.js';
import { ResetPasswordDto } from './dto/reset-password.dto.js';
import { VerifyEmailDto } from './dto/verify-email.dto.js';
import { LoginService } from './login.service.js';
import { PasswordChangeService } from './password-change.service.js';
import { PasswordResetService } from './password-reset.service.js';
import { ReauthenticationService } from './reauthentication.service.js';
import { ReauthenticateDto } from './dto/reauthenticate.dto.js';
import { RegistrationService } from './registration.service.js';
import { Authenticated } from '../../platform/route-access/authorization.decorators.js';
import { RateLimit } from '../../security/throttling/rate-limit.decorator.js';

const NEW_PASSWORD_UNAVAILABLE =
  'Busy, or the breached-password lookup is down and PWNED_PASSWORDS_FAILURE=refuse; retry after Retry-After.';

@ApiTags('accounts')
@Authenticated()
@Controller('auth')
export class AccountsController {
  constructor(
    private readonly registration: RegistrationService,
    private readonly logins: LoginService,
    private readonly passwordResets: PasswordResetService,
    private readonly passwordChanges: PasswordChangeService,
    private readonly reauthentication: ReauthenticationService,
  ) {}

  @Public()
  @Post('register')
  @RateLimit('register')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Register an account',
    description:
      'Creates an unverified account and mails a verification link; the answer is the same whether or not the address is already taken, so it reveals no account.',
  })
  @ApiAcceptedResponse({ description: 'The same answer whether or not the address is taken.' })
  @ApiProblemResponse(400, 'Invalid fields, or a password the policy refuses (see `reasons`).')
  @ApiProblemResponse(503, NEW_PASSWORD_UNAVAILABLE, ['about:blank'], RETRY_AFTER_HEADER)
  async register(@Body() body: RegisterDto): Promise<void> {
    await this.registration.register(body);
  }

  @Public()
  @Post('verify-email')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Verify an e-mail address',
    description: 'Consumes the single-use, expiring token of the verification mail.',
  })
  @ApiNoContentResponse({ description: 'The address is verified.' })
  @ApiProblemResponse(400, 'Invalid, expired or already used token.')
  async verifyEmail(@Body() body: VerifyEmailDto): Promise<void> {
    await this.registration.verifyEmail(body.token);
  }

  @Public()
  @Post('login')
  @RateLimit('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in with e-mail and password',
    description:
      'Answers tokens, or an MFA challenge to complete at POST /auth/mfa/verify when the account has a second factor. Unknown address and wrong password get the same answer.',
  })
  @ApiExtraModels(TokensDto, MfaChallengeDto)
  @ApiOkResponse({
    description: 'Tokens, or a challenge for the second factor when the account has MFA.',
    schema: {
      oneOf: [{ $ref: getSchemaPath(TokensDto) }, { $ref: getSchemaPath(MfaChallengeDto) }],
    },
  })
  @ApiProblemResponse(401, 'Wrong e-mail or password (the same answer for both).', [
    `${PROBLEM}invalid-credentials`,
  ])
  @ApiProblemResponse(
    403,
    'Right password, but the e-mail address is not verified yet, or an administrator locked the account.',
    [`${PROBLEM}email-not-verified`, `${PROBLEM}account-locked`],
  )
  @ApiProblemResponse(429, 'Locked after repeated failures; retry after Retry-After.', [
    `${PROBLEM}too-many-attempts`,
  ])
  @ApiProblemResponse(503, 'Busy; retry after Retry-After.', ['about:blank'], RETRY_AFTER_HEADER)
  async login(
    @Body() body: LoginDto,
    @Client() client: ClientInfo,
  ): Promise<TokensDto | MfaChallengeDto> {
    const result = await this.logins.login(body.email, body.password, client);
    return 'mfaRequired' in result ? new MfaChallengeDto(result) : new TokensDto(result);
  }

  @Public()
  @Post('password/forgot')
  @RateLimit('password-forgot')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Request a password reset mail',
    description:
      'Mails a single-use reset link when the address has an account; the answer is the same for unknown addresses.',
  })
  @ApiProblemResponse(400, 'Not an e-mail address.')
  @ApiAcceptedResponse({ description: 'The same answer for unknown addresses.' })
  forgotPassword(@Body() body: EmailDto): void {
    this.passwordResets.requestReset(body.email);
  }

  @Public()
  @Post('password/reset')
  @RateLimit('password-reset')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Set a new password with a reset token',
    description:
      'Consumes the token of the reset mail, sets the new password and revokes every session of the user.',
  })
  @ApiNoContentResponse({ description: 'Password replaced; every session of the user revoked.' })
  @ApiProblemResponse(400, 'Invalid, expired or used token, or a password the policy refuses.')
  @ApiProblemResponse(503, NEW_PASSWORD_UNAVAILABLE, ['about:blank'], RETRY_AFTER_HEADER)
  async resetPassword(@Body() body: ResetPasswordDto): Promise<void> {
    await this.passwordResets.reset(body.token, body.newPassword);
  }

  @Post('password/change')
  @HttpCode(204)
  @RequiresRecentMfa()
  @ApiOperation({
    summary: 'Change the password',
    description:
      'Needs the current password (and, with MFA, a recent second factor); revokes every other session of the user.',
  })
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'Password replaced; the other sessions are revoked.' })
  @ApiProblemResponse(400, 'Wrong current password, or a new password the policy refuses.')
  @ApiProblemResponse(429, 'Locked after repeated wrong current passwords.', [
    `${PROBLEM}too-many-attempts`,
  ])
  @ApiProblemResponse(503, NEW_PASSWORD_UNAVAILABLE, ['about:blank'], RETRY_AFTER_HEADER)
  async changePassword(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: ChangePasswordDto,
  ): Promise<void> {
    await this.passwordChanges.change(user, body.currentPassword, body.newPassword);
  }

  @Post('reauthenticate')
  @HttpCode(200)
  @AllowedDuringMfaEnrolment()
  @RateLimit('login')
  @ApiOperation({
    summary: 'Prove the password again',
    description:
      'For the routes that add a factor or end sessions, which need a password or second factor proved within REAUTHENTICATION_MAX_AGE_SECONDS. Answers with the tokens of a new session; the old access and refresh tokens stop working.',
  })
  @ApiBearerAuth()
  @ApiOkResponse({ type: TokensDto })
  @ApiProblemResponse(400, 'The password is not correct.', [`${PROBLEM}current-password-incorrect`])
  @ApiProblemResponse(429, 'Locked after repeated wrong passwords.', [
    `${PROBLEM}too-many-attempts`,
  ])
  async reauthenticate(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: ReauthenticateDto,
    @Client() client: ClientInfo,
  ): Promise<TokensDto> {
    return new TokensDto(await this.reauthentication.reauthenticate(user, body.password, client));
  }
}
