import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class {{Singular}}IdParams {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  @IsUUID()
  id: string;
}
