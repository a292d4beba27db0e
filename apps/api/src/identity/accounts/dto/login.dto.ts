import { EmailField, PasswordField } from '../../../platform/http/fields/credential.fields.js';

export class LoginDto {
  @EmailField()
  email: string;

  @PasswordField('The password, exactly as typed.')
  password: string;
}
