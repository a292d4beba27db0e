/**
 * Who may reach each route: `allow` (any answer but 401 and 403: the request is served, maybe
 * refused for its content), or the status that refuses the caller. Every route of the running
 * application must be listed here; `test/route-matrix.e2e-spec.ts` fails on a missing or stale row.
 *
 * Actors: anonymous (no token); user; auditor without MFA (the role requires it: enrolment only);
 * admin with MFA. Authorization by role arrives with the permission-gated admin routes.
 */
export type Expectation = 'allow' | 401 | 403;
export type Actor = 'anonymous' | 'user' | 'auditor' | 'admin';

const PUBLIC = { anonymous: 'allow', user: 'allow', auditor: 'allow', admin: 'allow' } as const;
const SIGNED_IN = { anonymous: 401, user: 'allow', auditor: 403, admin: 'allow' } as const;
const ENROLMENT = { anonymous: 401, user: 'allow', auditor: 'allow', admin: 'allow' } as const;

export const ROUTE_MATRIX: Readonly<Record<string, Readonly<Record<Actor, Expectation>>>> = {
  'GET /health/live': PUBLIC,
  'GET /health/ready': PUBLIC,
  'GET /.well-known/jwks.json': PUBLIC,
  'POST /auth/register': PUBLIC,
  'POST /auth/verify-email': PUBLIC,
  'POST /auth/login': PUBLIC,
  'POST /auth/mfa/verify': PUBLIC,
  'POST /auth/refresh': PUBLIC,
  'POST /auth/password/forgot': PUBLIC,
  'POST /auth/password/reset': PUBLIC,
  'GET /users/me': ENROLMENT,
  'PATCH /users/me': SIGNED_IN,
  'POST /auth/password/change': SIGNED_IN,
  'POST /auth/logout': ENROLMENT,
  'POST /auth/logout-all': ENROLMENT,
  'GET /auth/sessions': SIGNED_IN,
  'DELETE /auth/sessions/{id}': SIGNED_IN,
  'POST /auth/mfa/totp/setup': ENROLMENT,
  'POST /auth/mfa/totp/confirm': ENROLMENT,
  'DELETE /auth/mfa/totp': SIGNED_IN,
  'POST /auth/mfa/recovery-codes': SIGNED_IN,
  'POST /auth/mfa/step-up': SIGNED_IN,
  'POST /notes': SIGNED_IN,
  'GET /notes': SIGNED_IN,
  'GET /notes/{id}': SIGNED_IN,
  'PATCH /notes/{id}': SIGNED_IN,
  'DELETE /notes/{id}': SIGNED_IN,
};
