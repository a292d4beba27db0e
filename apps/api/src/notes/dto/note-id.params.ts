import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class NoteIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}
