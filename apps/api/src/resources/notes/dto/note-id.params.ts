import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class NoteIdParams {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  @IsUUID()
  id: string;
}
