import { ApiProperty } from '@nestjs/swagger';
import type { NotePage } from '../note.types.js';
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

export class NotePageDto {
  @ApiProperty({ type: [NoteDto] })
  readonly items: readonly NoteDto[];

  @ApiProperty({ type: 'integer', format: 'int32' })
  readonly limit: number;

  @ApiProperty({ type: 'integer', format: 'int64' })
  readonly offset: number;

  @ApiProperty({
    type: 'integer',
    format: 'int64',
    description: "All of the caller's notes, whatever the page.",
  })
  readonly total: number;

  constructor(page: NotePage) {
    this.items = page.notes.map((note) => new NoteDto(note));
    this.limit = page.limit;
    this.offset = page.offset;
    this.total = page.total;
  }
}
