import { NotesModule } from './notes/notes.module.js';

/**
 * The resources this API serves, each a module whose static `entities` lists its tables: the
 * application imports the modules and opens the database with the entities. Adding a resource
 * is one line here (docs/adding-a-resource.md).
 */
export const RESOURCE_MODULES = [NotesModule];
