import { ApiProperty } from '@nestjs/swagger';
import type { NoteFields } from '../note.types.js';
import { BODY_SCHEMA, NoteBody, NoteTitle, TITLE_SCHEMA } from './note-fields.js';

/** Title and body only: an id, owner or timestamp sent here is refused as unknown (400). */
export class CreateNoteDto implements NoteFields {
  @ApiProperty(TITLE_SCHEMA)
  @NoteTitle()
  title: string;

  @ApiProperty(BODY_SCHEMA)
  @NoteBody()
  body: string;
}
