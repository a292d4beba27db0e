import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, MaxLength } from 'class-validator';
import { EMAIL_MAX } from '../../platform/http/fields/credential.fields.js';
import { OffsetPageQuery } from '../../platform/http/offset-page.query.js';

export class ListUsersQuery extends OffsetPageQuery {
  @ApiPropertyOptional({
    format: 'email',
    maxLength: EMAIL_MAX,
    description: 'Exact address, any letter case (matched through the blind index).',
  })
  @IsOptional()
  @IsEmail()
  @MaxLength(EMAIL_MAX)
  email?: string;
}
