import { EmailField } from '../../../platform/http/fields/credential.fields.js';

export class EmailDto {
  @EmailField()
  email: string;
}
