import {
  AccountTokenField,
  PasswordField,
} from '../../../platform/http/fields/credential.fields.js';

export class ResetPasswordDto {
  @AccountTokenField('The token of the reset mail (`bpr_…`).')
  token: string;

  @PasswordField('The new password; same policy as at registration.')
  newPassword: string;
}
