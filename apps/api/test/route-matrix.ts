/**
 * Who may reach each route: `allow` (any answer but 401 and 403: the request is served, maybe
 * refused for its content), or the status that refuses the caller. Every route of the running
 * application must be listed here; `test/route-matrix.e2e-spec.ts` fails on a missing or stale row.
 *
 * Actors: anonymous (no token); user; auditor and admin, each with MFA proved at login; and an
 * auditor who has not enrolled MFA yet (the role requires it: enrolment routes only).
 */
export type Expectation = 'allow' | 401 | 403;
export type Actor = 'anonymous' | 'user' | 'auditor' | 'admin' | 'unenrolledAuditor';

const row = (
  anonymous: Expectation,
  user: Expectation,
  auditor: Expectation,
  admin: Expectation,
  unenrolledAuditor: Expectation,
): Readonly<Record<Actor, Expectation>> => ({ anonymous, user, auditor, admin, unenrolledAuditor });

const PUBLIC = row('allow', 'allow', 'allow', 'allow', 'allow');
const SIGNED_IN = row(401, 'allow', 'allow', 'allow', 403);
const ENROLMENT = row(401, 'allow', 'allow', 'allow', 'allow');
const AUDIT_READ = row(401, 403, 'allow', 'allow', 403);
const USERS_READ = row(401, 403, 'allow', 'allow', 403);
const USERS_MANAGE = row(401, 403, 403, 'allow', 403);

export const ROUTE_MATRIX: Readonly<Record<string, Readonly<Record<Actor, Expectation>>>> = {
  'GET /health/live': PUBLIC,
  'GET /health/ready': PUBLIC,
  'GET /.well-known/jwks.json': PUBLIC,
  'POST /auth/register': PUBLIC,
  'POST /auth/verify-email': PUBLIC,
  'POST /auth/login': PUBLIC,
  'POST /auth/mfa/verify': PUBLIC,
  'POST /auth/mfa/passkey-options': PUBLIC,
  'POST /auth/passkeys/authentication/options': PUBLIC,
  'POST /auth/passkeys/authentication/verify': PUBLIC,
  'POST /auth/refresh': PUBLIC,
  'POST /auth/password/forgot': PUBLIC,
  'POST /auth/password/reset': PUBLIC,
  'GET /users/me': ENROLMENT,
  'PATCH /users/me': SIGNED_IN,
  'POST /auth/password/change': SIGNED_IN,
  'POST /auth/reauthenticate': ENROLMENT,
  'POST /auth/logout': ENROLMENT,
  'POST /auth/logout-all': ENROLMENT,
  'GET /auth/session': ENROLMENT,
  'GET /auth/sessions': SIGNED_IN,
  'DELETE /auth/sessions/{id}': SIGNED_IN,
  'POST /auth/mfa/totp/setup': ENROLMENT,
  'POST /auth/mfa/totp/confirm': ENROLMENT,
  'DELETE /auth/mfa/totp': SIGNED_IN,
  'POST /auth/mfa/recovery-codes': SIGNED_IN,
  'POST /auth/mfa/step-up': SIGNED_IN,
  'POST /auth/mfa/step-up/passkey-options': SIGNED_IN,
  'POST /auth/passkeys/registration/options': ENROLMENT,
  'POST /auth/passkeys/registration/verify': ENROLMENT,
  'GET /auth/passkeys': SIGNED_IN,
  'PATCH /auth/passkeys/{id}': SIGNED_IN,
  'DELETE /auth/passkeys/{id}': SIGNED_IN,
  'POST /notes': SIGNED_IN,
  'GET /notes': SIGNED_IN,
  'GET /notes/{id}': SIGNED_IN,
  'PATCH /notes/{id}': SIGNED_IN,
  'DELETE /notes/{id}': SIGNED_IN,
  'POST /notes/{id}/attachments': SIGNED_IN,
  'GET /notes/{id}/attachments': SIGNED_IN,
  'DELETE /notes/{id}/attachments/{attachmentId}': SIGNED_IN,
  'POST /notes/{id}/attachments/{attachmentId}/link': SIGNED_IN,
  'GET /attachments/{attachmentId}/content': SIGNED_IN,
  'GET /admin/users': USERS_READ,
  'PUT /admin/users/{id}/roles': USERS_MANAGE,
  'POST /admin/users/{id}/lock': USERS_MANAGE,
  'POST /admin/users/{id}/unlock': USERS_MANAGE,
  'GET /admin/audit-events': AUDIT_READ,
  'GET /admin/ip-bans': USERS_MANAGE,
  'DELETE /admin/ip-bans/{ip}': USERS_MANAGE,
};
