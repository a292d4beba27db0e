import { PasswordField } from '../../../platform/http/fields/credential.fields.js';

export class ChangePasswordDto {
  @PasswordField('The password in use now.')
  currentPassword: string;

  @PasswordField('The new password; same policy as at registration.')
  newPassword: string;
}
