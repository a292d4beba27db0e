import type { PageRequest } from '../../platform/http/page.js';

// Shapes shared by the DTOs, the service and the repository.

/** The only orders a client may ask for: a field name from the query never reaches SQL. */
export const NOTE_SORTS = [
  'createdAt',
  '-createdAt',
  'updatedAt',
  '-updatedAt',
  'title',
  '-title',
] as const;
export type NoteSort = (typeof NOTE_SORTS)[number];

export interface NoteListRequest extends PageRequest {
  readonly sort: NoteSort;
}

/** What a client may write: title and body, nothing else. */
export interface NoteFields {
  readonly title: string;
  readonly body: string;
}
