import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TokensDto } from '../../sessions/dto/tokens.dto.js';
import type { MfaMethod, TotpSetup } from '../mfa.service.js';
import type { MfaChallengeResponse, MfaLoginTokens } from '../mfa-login.service.js';

export class MfaChallengeDto implements MfaChallengeResponse {
  @ApiProperty({ enum: [true] })
  readonly mfaRequired = true as const;

  @ApiProperty({ description: 'For POST /auth/mfa/verify within 5 minutes, once.' })
  readonly mfaToken: string;

  @ApiProperty({ enum: ['totp', 'recovery_code', 'passkey'], isArray: true })
  readonly methods: readonly MfaMethod[];

  constructor(challenge: MfaChallengeResponse) {
    this.mfaToken = challenge.mfaToken;
    this.methods = challenge.methods;
  }
}

export class MfaTokensDto extends TokensDto {
  @ApiPropertyOptional({ description: 'Recovery codes left, when one was just used.' })
  readonly recoveryCodesRemaining?: number;

  constructor(tokens: MfaLoginTokens) {
    super(tokens);
    if (tokens.recoveryCodesRemaining !== undefined) {
      this.recoveryCodesRemaining = tokens.recoveryCodesRemaining;
    }
  }
}

export class TotpSetupDto implements TotpSetup {
  @ApiProperty({ example: 'otpauth://totp/bulwark:ada%40example.com?secret=…' })
  readonly otpauthUrl: string;

  @ApiProperty({ description: 'Base32, to type into the app by hand.' })
  readonly secret: string;

  @ApiProperty({ description: 'The otpauthUrl as a PNG data URL.' })
  readonly qrCodeDataUrl: string;

  constructor(setup: TotpSetup) {
    this.otpauthUrl = setup.otpauthUrl;
    this.secret = setup.secret;
    this.qrCodeDataUrl = setup.qrCodeDataUrl;
  }
}

export class RecoveryCodesDto {
  @ApiProperty({ type: [String], description: 'Shown once; each works once.' })
  readonly recoveryCodes: readonly string[];

  constructor(recoveryCodes: readonly string[]) {
    this.recoveryCodes = recoveryCodes;
  }
}
