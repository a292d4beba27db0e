import { AppError } from '../http/app-error.js';

export class UserNotFoundError extends AppError {
  readonly code = 'ADMIN.USER_NOT_FOUND';

  constructor() {
    super('No user with this id');
  }
}

/** The change would leave no admin able to sign in: nobody could administer the system. */
export class LastAdminError extends AppError {
  readonly code = 'ADMIN.LAST_ADMIN';

  constructor() {
    super('The change would leave no usable admin');
  }
}

/** No one grants a role to themselves: gaining privileges needs a second person. */
export class SelfGrantError extends AppError {
  readonly code = 'ADMIN.SELF_GRANT';

  constructor() {
    super('A role cannot be granted to oneself');
  }
}
