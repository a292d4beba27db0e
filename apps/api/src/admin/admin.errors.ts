import { appError } from '../platform/errors/app-error.js';

export class UserNotFoundError extends appError({ code: 'ADMIN.USER_NOT_FOUND', status: 404 }) {
  constructor() {
    super('No user with this id');
  }
}

/** The change would leave no admin able to sign in: nobody could administer the system. */
export class LastAdminError extends appError({
  code: 'ADMIN.LAST_ADMIN',
  status: 409,
  type: 'last-admin',
  title: 'This would leave no admin able to sign in.',
  detail: 'Give another user the admin role first.',
}) {
  constructor() {
    super('The change would leave no usable admin');
  }
}

/** No one grants a role to themselves: gaining privileges needs a second person. */
export class SelfGrantError extends appError({
  code: 'ADMIN.SELF_GRANT',
  status: 403,
  type: 'self-grant',
  title: 'No one can grant a role to themselves.',
  detail: 'Ask another administrator.',
}) {
  constructor() {
    super('A role cannot be granted to oneself');
  }
}
