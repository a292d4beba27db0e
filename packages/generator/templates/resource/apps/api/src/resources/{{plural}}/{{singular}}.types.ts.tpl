import type { PageRequest } from '../../platform/http/page.js';

// Shapes shared by the DTOs and the service.

/** The only orders a client may ask for: a field name from the query never reaches SQL. */
export const {{SINGULAR}}_SORTS = [
  'createdAt',
  '-createdAt',
  'updatedAt',
  '-updatedAt',
  'name',
  '-name',
] as const;
export type {{Singular}}Sort = (typeof {{SINGULAR}}_SORTS)[number];

export interface {{Singular}}ListRequest extends PageRequest {
  readonly sort: {{Singular}}Sort;
}

/** What a client may write: name and details, nothing else. */
export interface {{Singular}}Fields {
  readonly name: string;
  readonly details: string;
}
