import { PasswordField } from '../../../platform/http/fields/credential.fields.js';

export class ReauthenticateDto {
  @PasswordField('The password in use now.')
  password: string;
}
