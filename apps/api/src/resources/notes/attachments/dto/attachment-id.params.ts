import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { NoteIdParams } from '../../dto/note-id.params.js';

export class NoteAttachmentParams extends NoteIdParams {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  @IsUUID()
  attachmentId: string;
}

export class AttachmentIdParams {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  @IsUUID()
  attachmentId: string;
}
