import { ApiProperty } from '@nestjs/swagger';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';

export class CreationOptionsDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'PublicKeyCredentialCreationOptionsJSON (WebAuthn Level 3): give it to PublicKeyCredential.parseCreationOptionsFromJSON, or to startRegistration of @simplewebauthn/browser. Its challenge is good once, for 5 minutes, in this session.',
  })
  readonly options: PublicKeyCredentialCreationOptionsJSON;

  constructor(options: PublicKeyCredentialCreationOptionsJSON) {
    this.options = options;
  }
}

export class RequestOptionsDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'PublicKeyCredentialRequestOptionsJSON (WebAuthn Level 3): give it to PublicKeyCredential.parseRequestOptionsFromJSON, or to startAuthentication of @simplewebauthn/browser. Its challenge is good once, for 5 minutes, for what asked for it.',
  })
  readonly options: PublicKeyCredentialRequestOptionsJSON;

  constructor(options: PublicKeyCredentialRequestOptionsJSON) {
    this.options = options;
  }
}
