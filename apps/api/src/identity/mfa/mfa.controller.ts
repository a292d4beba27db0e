import { Body, Controller, Delete, HttpCode, Post } from '@nestjs/common';
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
import { RequiresRecentAuthentication } from '../../platform/route-access/recent-authentication.decorator.js';
import { TokensDto } from '../sessions/dto/tokens.dto.js';
import {
  ApiProblemResponse,
  PROBLEM,
  type ProblemType,
} from '../../platform/http/api-problem-response.decorator.js';
import { RequestValidationError } from '../../platform/http/request-validation.errors.js';
import { Client } from '../sessions/client-info.js';
import type { ClientInfo } from '../sessions/session.service.js';
import { DisableMfaDto, MfaCodeDto, MfaVerifyDto, StepUpDto } from './dto/mfa.dto.js';
import { MfaPasskeyOptionsDto } from './dto/passkeys.dto.js';
import { RequestOptionsDto } from '../webauthn/dto/webauthn-options.dto.js';
import { MfaTokensDto, RecoveryCodesDto, TotpSetupDto } from './dto/mfa-responses.dto.js';
import { MfaEnrolmentService, type StepUpAnswer } from './mfa-enrolment.service.js';
import { MfaLoginService, type MfaAnswer } from './mfa-login.service.js';
import { Authenticated } from '../../platform/route-access/authorization.decorators.js';
import { RateLimit } from '../../security/throttling/rate-limit.decorator.js';

const WRONG_CODE: readonly ProblemType[] = [`${PROBLEM}invalid-mfa-code`];
const LOCKED_OUT = 'Locked after repeated wrong codes; retry after Retry-After.';
const TOO_MANY_ATTEMPTS: readonly ProblemType[] = [`${PROBLEM}too-many-attempts`];
const WRONG_PASSKEY: readonly ProblemType[] = [`${PROBLEM}passkey-rejected`];

@ApiTags('mfa')
@Authenticated()
@Controller('auth/mfa')
export class MfaController {
  constructor(
    private readonly logins: MfaLoginService,
    private readonly enrolment: MfaEnrolmentService,
  ) {}

  @Public()
  @Post('verify')
  @RateLimit('mfa-verify')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Complete a sign-in with a second factor',
    description:
      'Exchanges the mfaToken of the password step and a TOTP code, one recovery code or a passkey assertion (for the options of POST /auth/mfa/passkey-options) for tokens.',
  })
  @ApiOkResponse({ type: MfaTokensDto })
  @ApiProblemResponse(400, 'Invalid fields, or not exactly one of code, recoveryCode and passkey.')
  @ApiProblemResponse(
    401,
    'Invalid, expired or used mfaToken, a wrong or replayed code, or a refused passkey assertion.',
    [`${PROBLEM}invalid-mfa-token`, ...WRONG_CODE, ...WRONG_PASSKEY],
  )
  @ApiProblemResponse(403, 'An administrator locked the account.', [`${PROBLEM}account-locked`])
  @ApiProblemResponse(429, 'Too many wrong codes; retry after Retry-After.', TOO_MANY_ATTEMPTS)
  async verify(@Body() body: MfaVerifyDto, @Client() client: ClientInfo): Promise<MfaTokensDto> {
    return new MfaTokensDto(await this.logins.verify(body.mfaToken, answerOf(body), client));
  }

  @Public()
  @Post('passkey-options')
  @RateLimit('mfa-verify')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Options for completing a sign-in with a passkey',
    description:
      "WebAuthn request options listing the user's passkeys, with a challenge bound to this mfaToken: answer it with navigator.credentials.get() and send the assertion to POST /auth/mfa/verify.",
  })
  @ApiOkResponse({ type: RequestOptionsDto })
  @ApiProblemResponse(400, 'Invalid fields.')
  @ApiProblemResponse(401, 'Invalid, expired or used mfaToken.', [`${PROBLEM}invalid-mfa-token`])
  async passkeyOptions(@Body() body: MfaPasskeyOptionsDto): Promise<RequestOptionsDto> {
    return new RequestOptionsDto(await this.logins.passkeyOptions(body.mfaToken));
  }

  @Post('totp/setup')
  @HttpCode(200)
  @AllowedDuringMfaEnrolment()
  @RequiresRecentAuthentication()
  @ApiOperation({
    summary: 'Start a TOTP enrolment',
    description:
      'Answers a new secret (also as an otpauth URL and a QR code); it is not active until confirmed with a code.',
  })
  @ApiBearerAuth()
  @ApiOkResponse({ type: TotpSetupDto })
  @ApiProblemResponse(409, 'MFA is already enabled.')
  async setup(@CurrentUser() user: AuthenticatedUser): Promise<TotpSetupDto> {
    return new TotpSetupDto(await this.enrolment.startTotp(user));
  }

  @Post('totp/confirm')
  @HttpCode(200)
  @AllowedDuringMfaEnrolment()
  @ApiOperation({
    summary: 'Confirm the TOTP enrolment',
    description:
      'Activates the pending secret with a current code and answers ten recovery codes, shown this once.',
  })
  @ApiBearerAuth()
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiProblemResponse(400, 'The code is not 6 digits.')
  @ApiProblemResponse(401, 'Wrong code.', WRONG_CODE)
  @ApiProblemResponse(409, 'No setup is waiting for confirmation.')
  async confirm(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: MfaCodeDto,
  ): Promise<RecoveryCodesDto> {
    return new RecoveryCodesDto(await this.enrolment.confirmTotp(user, body.code));
  }

  @Delete('totp')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Disable MFA',
    description:
      'Needs the password and a current code; removes the secret and the recovery codes.',
  })
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'TOTP and every recovery code removed.' })
  @ApiProblemResponse(400, 'Wrong password, or invalid fields.')
  @ApiProblemResponse(401, 'Wrong code.', WRONG_CODE)
  @ApiProblemResponse(429, LOCKED_OUT, TOO_MANY_ATTEMPTS)
  @ApiProblemResponse(409, 'A role of the user requires MFA.')
  async disable(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: DisableMfaDto,
  ): Promise<void> {
    await this.enrolment.disable(user, body.password, body.code);
  }

  @Post('recovery-codes')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Regenerate the recovery codes',
    description: 'Needs a current code; the old recovery codes stop working at once.',
  })
  @ApiBearerAuth()
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiProblemResponse(400, 'The code is not 6 digits.')
  @ApiProblemResponse(401, 'Wrong code.', WRONG_CODE)
  @ApiProblemResponse(429, LOCKED_OUT, TOO_MANY_ATTEMPTS)
  @ApiProblemResponse(409, 'MFA is not enabled, or was disabled meanwhile.', [
    `${PROBLEM}mfa-not-enabled`,
  ])
  async regenerate(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: MfaCodeDto,
  ): Promise<RecoveryCodesDto> {
    return new RecoveryCodesDto(await this.enrolment.regenerateRecoveryCodes(user, body.code));
  }

  @Post('step-up')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Prove the second factor again',
    description:
      'A current code, or a passkey assertion for the options of POST /auth/mfa/step-up/passkey-options, opens a new session that counts as recently verified, as sensitive routes require, and answers with its tokens; the old access and refresh tokens stop working.',
  })
  @ApiBearerAuth()
  @ApiOkResponse({ type: TokensDto })
  @ApiProblemResponse(400, 'Not exactly one of code and passkey, or the code is not 6 digits.')
  @ApiProblemResponse(401, 'Wrong code, or a refused passkey assertion.', [
    ...WRONG_CODE,
    ...WRONG_PASSKEY,
  ])
  @ApiProblemResponse(429, LOCKED_OUT, TOO_MANY_ATTEMPTS)
  async stepUp(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: StepUpDto,
    @Client() client: ClientInfo,
  ): Promise<TokensDto> {
    return new TokensDto(await this.enrolment.stepUp(user, stepUpAnswerOf(body), client));
  }

  @Post('step-up/passkey-options')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Options for a step-up with a passkey',
    description:
      "WebAuthn request options listing the caller's passkeys, with a challenge bound to this session, for POST /auth/mfa/step-up.",
  })
  @ApiBearerAuth()
  @ApiOkResponse({ type: RequestOptionsDto })
  async stepUpPasskeyOptions(@CurrentUser() user: AuthenticatedUser): Promise<RequestOptionsDto> {
    return new RequestOptionsDto(await this.enrolment.stepUpPasskeyOptions(user));
  }
}

function answerOf({ code, recoveryCode, passkey }: MfaVerifyDto): MfaAnswer {
  const sent = [code, recoveryCode, passkey].filter((field) => field !== undefined).length;
  if (sent === 1) {
    if (code !== undefined) {
      return { code };
    }
    if (recoveryCode !== undefined) {
      return { recoveryCode };
    }
    if (passkey !== undefined) {
      return { passkey };
    }
  }
  throw new RequestValidationError([
    { name: 'code', reason: 'send exactly one of code, recoveryCode and passkey' },
  ]);
}

function stepUpAnswerOf(body: StepUpDto): StepUpAnswer {
  if (body.code !== undefined && body.passkey === undefined) {
    return { code: body.code };
  }
  if (body.passkey !== undefined && body.code === undefined) {
    return { passkey: body.passkey };
  }
  throw new RequestValidationError([{ name: 'code', reason: 'send either code or passkey' }]);
}
