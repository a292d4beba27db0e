import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn } from 'class-validator';
import { ROLES, type Role } from '../../identity/users/user-role.entity.js';

export class ReplaceRolesDto {
  @ApiProperty({
    enum: ROLES,
    isArray: true,
    minItems: 1,
    maxItems: ROLES.length,
    uniqueItems: true,
    description: 'The complete new set of roles.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles: Role[];
}
