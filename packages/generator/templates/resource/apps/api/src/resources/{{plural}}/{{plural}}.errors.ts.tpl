import { appError } from '../../platform/errors/app-error.js';

/** Also what another user's {{singularWords}} id gets: a 404 tells nothing of whether it exists. */
export class {{Singular}}NotFoundError extends appError({ code: '{{PLURAL}}.NOT_FOUND', status: 404 }) {
  constructor() {
    super('No such {{singularWords}} of this user');
  }
}
