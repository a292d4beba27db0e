import { DisplayNameField } from '../../profile/dto/display-name.field.js';
import { EmailField, PasswordField } from '../../../platform/http/fields/credential.fields.js';

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
