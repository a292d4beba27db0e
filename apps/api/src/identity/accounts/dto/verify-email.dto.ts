import { AccountTokenField } from './credentials.js';

export class VerifyEmailDto {
  @AccountTokenField('The token of the verification mail (`bev_…`).')
  token: string;
}
