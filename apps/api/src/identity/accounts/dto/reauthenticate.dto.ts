import { PasswordField } from './credentials.js';

export class ReauthenticateDto {
  @PasswordField('The password in use now.')
  password: string;
}
