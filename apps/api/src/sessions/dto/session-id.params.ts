import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class SessionIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}
