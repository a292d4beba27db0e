import { EmailField, PasswordField } from './credentials.js';

export class LoginDto {
  @EmailField()
  email: string;

  @PasswordField('The password, exactly as typed.')
  password: string;
}
