import { Body, Controller, Delete, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '../auth/authenticated-user.js';
import { AllowedDuringMfaEnrolment } from '../auth/mfa-policy.decorators.js';
import { Public } from '../auth/public.decorator.js';
import { ApiProblemResponse } from '../http/api-problem-response.decorator.js';
import { RequestValidationError } from '../http/request-validation.errors.js';
import { Client } from '../sessions/client-info.js';
import type { ClientInfo } from '../sessions/session.service.js';
import { DisableMfaDto, MfaCodeDto, MfaVerifyDto } from './dto/mfa.dto.js';
import { MfaTokensDto, RecoveryCodesDto, TotpSetupDto } from './dto/mfa-responses.dto.js';
import type { MfaProof } from './mfa-code-checker.service.js';
import { MfaEnrolmentService } from './mfa-enrolment.service.js';
import { MfaLoginService } from './mfa-login.service.js';
import { Authenticated } from '../auth/authorization.decorators.js';
import { RateLimit } from '../throttling/throttling.decorator.js';

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
  @ApiOkResponse({ type: MfaTokensDto })
  @ApiProblemResponse(401, 'Invalid, expired or used mfaToken, or a wrong or replayed code.')
  @ApiProblemResponse(429, 'Too many wrong codes; retry after Retry-After.')
  async verify(@Body() body: MfaVerifyDto, @Client() client: ClientInfo): Promise<MfaTokensDto> {
    return new MfaTokensDto(await this.logins.verify(body.mfaToken, proofOf(body), client));
  }

  @Post('totp/setup')
  @HttpCode(200)
  @AllowedDuringMfaEnrolment()
  @ApiBearerAuth()
  @ApiOkResponse({ type: TotpSetupDto })
  @ApiProblemResponse(409, 'MFA is already enabled.')
  async setup(@CurrentUser() user: AuthenticatedUser): Promise<TotpSetupDto> {
    return new TotpSetupDto(await this.enrolment.startTotp(user));
  }

  @Post('totp/confirm')
  @HttpCode(200)
  @AllowedDuringMfaEnrolment()
  @ApiBearerAuth()
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiProblemResponse(401, 'Wrong code.')
  @ApiProblemResponse(409, 'No setup is waiting for confirmation.')
  async confirm(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: MfaCodeDto,
  ): Promise<RecoveryCodesDto> {
    return new RecoveryCodesDto(await this.enrolment.confirmTotp(user, body.code));
  }

  @Delete('totp')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'TOTP and every recovery code removed.' })
  @ApiProblemResponse(400, 'Wrong password.')
  @ApiProblemResponse(401, 'Wrong code.')
  @ApiProblemResponse(409, 'A role of the user requires MFA.')
  async disable(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: DisableMfaDto,
  ): Promise<void> {
    await this.enrolment.disable(user, body.password, body.code);
  }

  @Post('recovery-codes')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiProblemResponse(401, 'Wrong code.')
  async regenerate(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: MfaCodeDto,
  ): Promise<RecoveryCodesDto> {
    return new RecoveryCodesDto(await this.enrolment.regenerateRecoveryCodes(user, body.code));
  }

  @Post('step-up')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'This session counts as recently verified.' })
  @ApiProblemResponse(401, 'Wrong code.')
  async stepUp(@CurrentUser() user: AuthenticatedUser, @Body() body: MfaCodeDto): Promise<void> {
    await this.enrolment.stepUp(user, body.code);
  }
}

function proofOf(body: MfaVerifyDto): MfaProof {
  if (body.code !== undefined && body.recoveryCode === undefined) {
    return { code: body.code };
  }
  if (body.recoveryCode !== undefined && body.code === undefined) {
    return { recoveryCode: body.recoveryCode };
  }
  throw new RequestValidationError([{ name: 'code', reason: 'send either code or recoveryCode' }]);
}
