import { AppError } from '../http/app-error.js';

/** The caller's role requires MFA and none is enrolled: only enrolment routes answer. */
export class MfaEnrolmentRequiredError extends AppError {
  readonly code = 'AUTH.MFA_ENROLMENT_REQUIRED';

  constructor() {
    super('MFA enrolment required before this route');
  }
}

/** A sensitive route, and no second factor proved recently enough in this session. */
export class StepUpRequiredError extends AppError {
  readonly code = 'AUTH.STEP_UP_REQUIRED';

  constructor() {
    super('A recent second factor is required');
  }
}

/** The caller's roles do not grant a permission the route requires. */
export class PermissionDeniedError extends AppError {
  readonly code = 'AUTH.PERMISSION_DENIED';

  constructor() {
    super('The caller lacks a permission this route requires');
  }
}
