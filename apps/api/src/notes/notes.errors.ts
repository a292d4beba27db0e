import { AppError } from '../http/app-error.js';

/** Also what another user's note id gets: a 404 tells nothing of whether it exists. */
export class NoteNotFoundError extends AppError {
  readonly code = 'NOTES.NOT_FOUND';

  constructor() {
    super('No such note of this user');
  }
}
