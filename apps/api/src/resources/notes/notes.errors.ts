import { appError } from '../../platform/errors/app-error.js';

/** Also what another user's note id gets: a 404 tells nothing of whether it exists. */
export class NoteNotFoundError extends appError({ code: 'NOTES.NOT_FOUND', status: 404 }) {
  constructor() {
    super('No such note of this user');
  }
}
