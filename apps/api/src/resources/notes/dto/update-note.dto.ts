import { ApiPropertyOptional } from '@nestjs/swagger';
import type { NoteFields } from '../note.types.js';
import { IfPresent } from '../../../platform/http/fields/text.fields.js';
import { BODY_SCHEMA, NoteBody, NoteTitle, TITLE_SCHEMA } from './note-fields.js';

/** Either field or both; anything else is refused as unknown (400). */
export class UpdateNoteDto implements Partial<NoteFields> {
  @ApiPropertyOptional(TITLE_SCHEMA)
  @IfPresent()
  @NoteTitle()
  title?: string;

  @ApiPropertyOptional(BODY_SCHEMA)
  @IfPresent()
  @NoteBody()
  body?: string;
}
