import { appError } from '../../platform/errors/app-error.js';

export class CurrentPasswordIncorrectError extends appError({
  code: 'ACCOUNTS.CURRENT_PASSWORD_INCORRECT',
  status: 400,
  type: 'current-password-incorrect',
  title: 'The current password is not correct.',
}) {
  constructor() {
    super('The current password given is not correct');
  }
}
