import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { NOTE_SORTS, NOTES_PAGE_MAX, type NoteListRequest, type NoteSort } from '../note.types.js';

export class ListNotesQuery implements NoteListRequest {
  @ApiPropertyOptional({ enum: NOTE_SORTS, default: '-createdAt', description: '`-`: descending.' })
  @IsIn(NOTE_SORTS)
  sort: NoteSort = '-createdAt';

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: NOTES_PAGE_MAX, default: 20 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(NOTES_PAGE_MAX)
  limit = 20;

  // Exact as a number and within PostgreSQL's bigint OFFSET: 1e20 passes @IsInt() and was a 500.
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    default: 0,
  })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  offset = 0;
}
