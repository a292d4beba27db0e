import { DisplayNameField } from '../../users/dto/display-name.field.js';
import { EmailField, PasswordField } from './credentials.js';

export class RegisterDto {
  @EmailField()
  email: string;

  @PasswordField(
    'At least 12 characters (PASSWORD_MIN_LENGTH), at most 128; not a common password.',
  )
  password: string;

  @DisplayNameField()
  displayName?: string;
}
