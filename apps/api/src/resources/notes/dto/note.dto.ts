import { ApiProperty } from '@nestjs/swagger';
import { OffsetPageDto } from '../../../platform/http/page.js';
import type { Note } from '../note.entity.js';

/** A note as its owner sees it; the owner id stays on the server. */
export class NoteDto {
  @ApiProperty({ format: 'uuid' })
  readonly id: string;

  @ApiProperty()
  readonly title: string;

  @ApiProperty()
  readonly body: string;

  @ApiProperty({ format: 'date-time' })
  readonly createdAt: string;

  @ApiProperty({ format: 'date-time' })
  readonly updatedAt: string;

  constructor(note: Note) {
    this.id = note.id;
    this.title = note.title;
    this.body = note.body;
    this.createdAt = note.createdAt.toISOString();
    this.updatedAt = note.updatedAt.toISOString();
  }
}

export class NotePageDto extends OffsetPageDto(NoteDto, (note: Note) => new NoteDto(note), {
  total: "All of the caller's notes, whatever the page.",
}) {}
