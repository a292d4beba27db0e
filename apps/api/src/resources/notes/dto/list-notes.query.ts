import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { OffsetPageQuery } from '../../../platform/http/offset-page.query.js';
import { NOTE_SORTS, type NoteListRequest, type NoteSort } from '../note.types.js';

export class ListNotesQuery extends OffsetPageQuery implements NoteListRequest {
  @ApiPropertyOptional({ enum: NOTE_SORTS, default: '-createdAt', description: '`-`: descending.' })
  @IsIn(NOTE_SORTS)
  sort: NoteSort = '-createdAt';
}
