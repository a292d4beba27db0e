import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, MaxLength } from 'class-validator';
import { OffsetPageQuery } from '../../http/offset-page.query.js';

export class ListUsersQuery extends OffsetPageQuery {
  @ApiPropertyOptional({
    format: 'email',
    description: 'Exact address, any letter case (matched through the blind index).',
  })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;
}
