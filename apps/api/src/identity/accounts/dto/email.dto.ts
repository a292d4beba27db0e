import { EmailField } from './credentials.js';

export class EmailDto {
  @EmailField()
  email: string;
}
