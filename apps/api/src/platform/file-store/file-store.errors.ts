import { appError } from '../errors/app-error.js';

/** The row names an object the store does not have: lost data, a server fault. */
export class StoredObjectMissingError extends appError({
  code: 'FILE_STORE.MISSING',
  status: 500,
}) {
  constructor() {
    super('The file store has no object for this key');
  }
}
