import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import type {
  DecryptionFailedError,
  EncryptedColumnMisuseError,
} from '../field-encryption/field-encryption.errors.js';
import type {
  AccountWorkBusyError,
  CurrentPasswordIncorrectError,
  EmailNotVerifiedError,
  InvalidAccountTokenError,
  InvalidCredentialsError,
  InvalidMfaChallengeError,
  LoginLockedError,
  MfaRequiredByRoleError,
  PasswordRejectedError,
} from '../accounts/accounts.errors.js';
import type { LastAdminError, SelfGrantError, UserNotFoundError } from '../admin/admin.errors.js';
import type { AuditWriteError } from '../audit/audit.errors.js';
import type {
  MfaEnrolmentRequiredError,
  PermissionDeniedError,
  StepUpRequiredError,
} from '../auth/auth.errors.js';
import { NotReadyError } from '../health/health.errors.js';
import type { IpBannedError, IpBanNotFoundError } from '../ip-bans/ip-bans.errors.js';
import type { InvalidMailMessageError } from '../mail/mail.errors.js';
import type {
  InvalidMfaCodeError,
  MfaAlreadyEnabledError,
  MfaNotEnabledError,
  NoPendingMfaSetupError,
} from '../mfa/mfa.errors.js';
import type { NoteNotFoundError } from '../notes/notes.errors.js';
import type { PasswordHashingBusyError } from '../passwords/passwords.errors.js';
import type { SharedStateUnavailableError } from '../redis/redis.errors.js';
import type {
  AccountLockedError,
  InvalidRefreshTokenError,
  SessionNotFoundError,
} from '../sessions/sessions.errors.js';
import type { RateLimitExceededError } from '../throttling/throttling.errors.js';
import type { InvalidAccessTokenError } from '../tokens/tokens.errors.js';
import { AppError } from './app-error.js';
import type { TooManyHeadersError, UrlTooLongError } from './request-limits.errors.js';
import { RequestValidationError } from './request-validation.errors.js';

/** RFC 9457 problem details, before the request id is added. */
export interface ProblemWithoutRequestId {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  /** Sent as the `Retry-After` header (RFC 9110), never in the body. */
  readonly retryAfterSeconds?: number;
  /** Sent as the `WWW-Authenticate` header (RFC 9110 §11.6.1), never in the body. */
  readonly wwwAuthenticate?: string;
  readonly [extension: string]: unknown;
}

/** What clients receive; `requestId` lets support find the logs without exposing them. */
export interface ProblemDetails extends ProblemWithoutRequestId {
  readonly requestId: string;
}

/** Every domain error the API can throw; adding one without a case below fails the typecheck. */
type KnownAppError =
  | RequestValidationError
  | UrlTooLongError
  | TooManyHeadersError
  | RateLimitExceededError
  | NotReadyError
  | DecryptionFailedError
  | EncryptedColumnMisuseError
  | AuditWriteError
  | PasswordHashingBusyError
  | SharedStateUnavailableError
  | IpBannedError
  | IpBanNotFoundError
  | InvalidCredentialsError
  | LoginLockedError
  | EmailNotVerifiedError
  | InvalidAccountTokenError
  | PasswordRejectedError
  | CurrentPasswordIncorrectError
  | AccountWorkBusyError
  | InvalidRefreshTokenError
  | InvalidMfaChallengeError
  | MfaRequiredByRoleError
  | MfaEnrolmentRequiredError
  | StepUpRequiredError
  | PermissionDeniedError
  | UserNotFoundError
  | LastAdminError
  | SelfGrantError
  | SessionNotFoundError
  | AccountLockedError
  | NoteNotFoundError
  | InvalidAccessTokenError
  | InvalidMailMessageError
  | MfaAlreadyEnabledError
  | MfaNotEnabledError
  | NoPendingMfaSetupError
  | InvalidMfaCodeError;

const PROBLEM_TYPE_PREFIX = 'urn:bulwark:problem:';

// Fastify's own errors carry a stable code; their messages name the library, so they are replaced.
const FASTIFY_DETAILS: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send the body as application/json.',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is larger than the server accepts.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty but its Content-Type says JSON.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length does not match the body.',
};

export function statusProblem(status: number, detail?: string): ProblemWithoutRequestId {
  return {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    ...(detail === undefined ? {} : { detail }),
  };
}

/**
 * Maps anything thrown while serving a request to the problem a client may see. Unknown errors
 * become a generic 500: their details belong in the logs only.
 */
export function problemFor(error: unknown): ProblemWithoutRequestId {
  if (error instanceof AppError) {
    return appErrorProblem(error as KnownAppError);
  }
  if (error instanceof HttpException) {
    // Nest wraps Fastify's client errors (bad JSON, body too large…) with the original as `cause`.
    const status = error.getStatus();
    return statusProblem(status, status < 500 ? clientErrorDetail(error.cause) : undefined);
  }
  return statusProblem(500);
}

function appErrorProblem(error: KnownAppError): ProblemWithoutRequestId {
  switch (error.code) {
    case 'REQUEST.VALIDATION_FAILED':
      return {
        type: `${PROBLEM_TYPE_PREFIX}validation-failed`,
        title: 'The request is not valid.',
        status: 400,
        detail: 'See invalidParams for the fields to correct.',
        invalidParams: error.invalidParams,
      };
    case 'REQUEST.URL_TOO_LONG':
      return statusProblem(414, 'The URL is longer than the server accepts.');
    case 'REQUEST.TOO_MANY_HEADERS':
      return statusProblem(431, 'The request has more header fields than the server accepts.');
    // Which limit and which key refused it is for the logs; the client learns only when to retry.
    case 'THROTTLING.RATE_LIMITED':
      return {
        type: `${PROBLEM_TYPE_PREFIX}rate-limited`,
        title: 'Too many requests.',
        status: 429,
        detail: 'Retry after the delay in Retry-After.',
        retryAfterSeconds: error.retryAfterSeconds,
      };
    case 'HEALTH.NOT_READY':
      return {
        type: `${PROBLEM_TYPE_PREFIX}not-ready`,
        title: 'The service is not ready.',
        status: 503,
        checks: error.checks,
      };
    // Integrity and programming faults: logged in full, answered like any other server error.
    case 'CRYPTO.DECRYPT_FAILED':
    case 'CRYPTO.ENCRYPTED_COLUMN_MISUSE':
      return statusProblem(500);
    // The audit trail refused a security event: fail the action rather than lose its record.
    case 'AUDIT.WRITE_FAILED':
      return statusProblem(500);
    // A caller passed an unvalidated address or subject to MailService: a programming fault.
    case 'MAIL.INVALID_MESSAGE':
      return statusProblem(500);
    // Load shed before hashing: the client may retry; which operation was busy is not its business.
    case 'PASSWORDS.HASHING_BUSY':
      return {
        ...statusProblem(503, 'The server is busy. Retry after the delay in Retry-After.'),
        retryAfterSeconds: error.retryAfterSeconds,
      };
    // Shared state unreachable: the client may retry, and learns nothing of what lies behind it.
    case 'REDIS.UNAVAILABLE':
      return {
        ...statusProblem(
          503,
          'The service is temporarily unavailable. Retry after the delay in Retry-After.',
        ),
        retryAfterSeconds: error.retryAfterSeconds,
      };
    // One answer for every reason (expired, forged, revoked): the reason is for the logs.
    // RFC 6750 §3 asks for the challenge; no error code, which would say why the token failed.
    case 'TOKENS.INVALID_ACCESS_TOKEN':
      return { ...statusProblem(401), wwwAuthenticate: 'Bearer' };
    // Unknown address and wrong password share this answer: login reveals no account.
    case 'ACCOUNTS.INVALID_CREDENTIALS':
      return {
        type: `${PROBLEM_TYPE_PREFIX}invalid-credentials`,
        title: 'The e-mail address or the password is not correct.',
        status: 401,
      };
    case 'ACCOUNTS.LOGIN_LOCKED':
      return {
        type: `${PROBLEM_TYPE_PREFIX}too-many-attempts`,
        title: 'Too many failed attempts.',
        status: 429,
        detail: 'Retry after the delay in Retry-After.',
        retryAfterSeconds: error.retryAfterSeconds,
      };
    case 'ACCOUNTS.EMAIL_NOT_VERIFIED':
      return {
        type: `${PROBLEM_TYPE_PREFIX}email-not-verified`,
        title: 'The e-mail address is not verified yet.',
        status: 403,
        detail: 'Follow the link in the verification mail; registering again sends a new one.',
      };
    case 'ACCOUNTS.INVALID_TOKEN':
      return {
        type: `${PROBLEM_TYPE_PREFIX}invalid-token`,
        title: 'The token is invalid, expired or already used.',
        status: 400,
      };
    case 'ACCOUNTS.PASSWORD_REJECTED':
      return {
        type: `${PROBLEM_TYPE_PREFIX}password-rejected`,
        title: 'The password is not accepted.',
        status: 400,
        detail: 'See reasons: too_short, too_long, breached (a common password), contains_email.',
        reasons: error.reasons,
      };
    case 'ACCOUNTS.CURRENT_PASSWORD_INCORRECT':
      return {
        type: `${PROBLEM_TYPE_PREFIX}current-password-incorrect`,
        title: 'The current password is not correct.',
        status: 400,
      };
    case 'ACCOUNTS.WORK_BUSY':
      return {
        ...statusProblem(503, 'The server is busy. Retry after the delay in Retry-After.'),
        retryAfterSeconds: error.retryAfterSeconds,
      };
    case 'ACCOUNTS.INVALID_MFA_CHALLENGE':
      return {
        type: `${PROBLEM_TYPE_PREFIX}invalid-mfa-token`,
        title: 'The MFA token is invalid, expired or already used. Log in again.',
        status: 401,
      };
    case 'ACCOUNTS.MFA_REQUIRED_BY_ROLE':
      return {
        type: `${PROBLEM_TYPE_PREFIX}mfa-required-by-role`,
        title: 'A role of this account requires MFA: it cannot be disabled.',
        status: 409,
      };
    case 'AUTH.MFA_ENROLMENT_REQUIRED':
      return {
        type: `${PROBLEM_TYPE_PREFIX}mfa-enrolment-required`,
        title: 'Your role requires MFA: enrol before anything else.',
        status: 403,
        detail: 'POST /auth/mfa/totp/setup, then POST /auth/mfa/totp/confirm.',
      };
    case 'AUTH.STEP_UP_REQUIRED':
      return {
        type: `${PROBLEM_TYPE_PREFIX}step-up-required`,
        title: 'This action needs a recent second factor.',
        status: 403,
        detail: 'POST a current code to /auth/mfa/step-up, then retry.',
      };
    case 'AUTH.PERMISSION_DENIED':
      return {
        type: `${PROBLEM_TYPE_PREFIX}permission-denied`,
        title: 'Your roles do not allow this action.',
        status: 403,
      };
    case 'ADMIN.USER_NOT_FOUND':
      return statusProblem(404);
    case 'ADMIN.LAST_ADMIN':
      return {
        type: `${PROBLEM_TYPE_PREFIX}last-admin`,
        title: 'This would leave no admin able to sign in.',
        status: 409,
        detail: 'Give another user the admin role first.',
      };
    case 'ADMIN.SELF_GRANT':
      return {
        type: `${PROBLEM_TYPE_PREFIX}self-grant`,
        title: 'No one can grant a role to themselves.',
        status: 403,
        detail: 'Ask another administrator.',
      };
    case 'SESSIONS.INVALID_REFRESH_TOKEN':
      return statusProblem(401);
    // Only after the right password (and never for an unknown address): it reveals nothing a
    // successful login would not.
    case 'SESSIONS.ACCOUNT_LOCKED':
      return {
        type: `${PROBLEM_TYPE_PREFIX}account-locked`,
        title: 'This account is locked. Contact an administrator.',
        status: 403,
      };
    case 'SESSIONS.NOT_FOUND':
    case 'NOTES.NOT_FOUND':
      return statusProblem(404);
    case 'MFA.ALREADY_ENABLED':
      return {
        type: `${PROBLEM_TYPE_PREFIX}mfa-already-enabled`,
        title: 'MFA is already enabled.',
        status: 409,
        detail: 'Disable it first to enrol another authenticator.',
      };
    case 'MFA.NOT_ENABLED':
      return {
        type: `${PROBLEM_TYPE_PREFIX}mfa-not-enabled`,
        title: 'MFA is not enabled.',
        status: 409,
      };
    case 'MFA.NO_PENDING_SETUP':
      return {
        type: `${PROBLEM_TYPE_PREFIX}no-pending-mfa-setup`,
        title: 'No MFA setup is waiting for confirmation.',
        status: 409,
        detail: 'Start a setup first; confirming it needs a code from the new secret.',
      };
    // Wrong, expired and replayed codes share this answer: which one it was is not told.
    case 'MFA.INVALID_CODE':
      return {
        type: `${PROBLEM_TYPE_PREFIX}invalid-mfa-code`,
        title: 'The code is not valid.',
        status: 401,
      };
    // Every request of the address gets this until the ban ends, so it may say why and how long.
    case 'IP_BANS.BANNED':
      return {
        type: `${PROBLEM_TYPE_PREFIX}ip-banned`,
        title: 'Too many failed sign-ins from this address.',
        status: 403,
        detail: 'Requests from this address are refused until the delay in Retry-After has passed.',
        retryAfterSeconds: error.retryAfterSeconds,
      };
    case 'IP_BANS.NOT_FOUND':
      return statusProblem(404);
    default:
      return unmappedAppError(error);
  }
}

/** Compile-time exhaustiveness; at run time an AppError missing from the union is an internal error. */
function unmappedAppError(_error: never): ProblemWithoutRequestId {
  return statusProblem(500);
}

function clientErrorDetail(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : '';
  return typeof code === 'string' ? FASTIFY_DETAILS[code] : undefined;
}
