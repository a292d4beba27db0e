import type { Type } from '@nestjs/common';
import { NotesModule } from './notes/notes.module.js';

/** A resource's module, and the entities of its tables. */
export interface ResourceModule extends Type<unknown> {
  readonly entities: readonly (new () => object)[];
}

/**
 * The resources this API serves, each a module whose static `entities` lists its tables: the
 * application imports the modules and opens the database with the entities. Adding a resource
 * is one line here (docs/adding-a-resource.md).
 */
export const RESOURCE_MODULES: readonly ResourceModule[] = [NotesModule];
