import { AccountTokenField } from '../../../platform/http/fields/credential.fields.js';

export class VerifyEmailDto {
  @AccountTokenField('The token of the verification mail (`bev_…`).')
  token: string;
}
