import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminUsersService } from '../src/admin/admin-users.service.js';
import { MfaService } from '../src/identity/mfa/mfa.service.js';
import { SessionService } from '../src/identity/sessions/session.service.js';
import type { Role } from '../src/identity/users/user-role.entity.js';
import { createUser, enrolMfa, sessionToken, type CreatedUser } from './support/actors.js';
import { apiClient } from './support/api-client.js';
import { GOOD_PASSWORD } from './support/identity.js';
import { PROBLEM } from './support/mfa.js';
import { expectProblem } from './support/problem.js';
import { describeWith, POSTGRES, REDIS } from './support/requirements.js';
import { sharedInstancesEnv, type SharedInstancesEnv } from './support/shared-instances.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/*
 * The principal (session liveness, permissions, MFA state) is cached per session. Each change that
 * affects it, made through instance A, must show on the very next request to instance B, which has
 * just answered from its cache: B is A itself (in-process cache), or another instance sharing
 * PostgreSQL and Redis.
 */

interface Instances {
  readonly a: TestApp;
  readonly b: TestApp;
}

async function status(pending: Promise<Response>): Promise<number> {
  return (await pending).status;
}

function describeInvalidation(instances: () => Instances): void {
  const get = (path: string, token: string): Promise<Response> =>
    fetch(`${instances().b.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const auditEvents = (token: string): Promise<Response> => get('/admin/audit-events', token);
  const session = (token: string): Promise<Response> => get('/auth/session', token);
  /** GET /users/me shows roles and MFA state from the principal, so it must change with them. */
  const profile = async (token: string): Promise<{ roles: string[]; mfaEnabled: boolean }> => {
    const response = await get('/users/me', token);
    expect(response.status).toBe(200);
    return (await response.json()) as { roles: string[]; mfaEnabled: boolean };
  };

  /** A user of `roles`, with MFA enrolled and a session that proved it, when `mfa`. */
  async function actor(roles: Role[], mfa: boolean): Promise<[CreatedUser, string]> {
    const { a } = instances();
    const user = await createUser(a, roles, 'principal');
    if (mfa) {
      await enrolMfa(a, user);
    }
    return [user, await sessionToken(a, user, mfa)];
  }

  async function administrator(): Promise<CreatedUser> {
    return createUser(instances().a, ['user', 'admin'], 'principal-admin');
  }

  it('a role removed: its permissions are refused at once', async () => {
    const [auditor, token] = await actor(['user', 'auditor'], true);
    expect(await status(auditEvents(token))).toBe(200);
    expect((await profile(token)).roles).toEqual(['auditor', 'user']);

    await instances()
      .a.app.get(AdminUsersService)
      .replaceRoles((await administrator()).id, auditor.id, ['user']);
    const refused = await expectProblem(await auditEvents(token), 403);
    expect(refused.type).toBe(`${PROBLEM}permission-denied`);
    expect((await profile(token)).roles).toEqual(['user']);
  });

  it('a role granted: its permissions are granted at once', async () => {
    const [user, token] = await actor(['user'], true);
    await expectProblem(await auditEvents(token), 403);
    expect((await profile(token)).roles).toEqual(['user']);

    await instances()
      .a.app.get(AdminUsersService)
      .replaceRoles((await administrator()).id, user.id, ['user', 'auditor']);
    expect((await profile(token)).roles).toEqual(['auditor', 'user']);
    expect(await status(auditEvents(token))).toBe(200);
  });

  it('MFA disabled: routes that need MFA are refused at once', async () => {
    const [auditor, token] = await actor(['user', 'auditor'], true);
    expect(await status(auditEvents(token))).toBe(200);
    expect((await profile(token)).mfaEnabled).toBe(true);

    await instances().a.app.get(MfaService).disable(auditor.id);
    expect((await profile(token)).mfaEnabled).toBe(false);
    const refused = await expectProblem(await auditEvents(token), 403);
    expect(refused.type).toBe(`${PROBLEM}mfa-enrolment-required`);
  });

  it('MFA enrolled in another session: this one must step up at once', async () => {
    const [user, token] = await actor(['user'], false);
    const changePassword = (): Promise<Response> =>
      apiClient(instances().b).changePassword(
        'not the password at all',
        'unused new password',
        token,
      );
    await expectProblem(await changePassword(), 400);

    await enrolMfa(instances().a, user);
    const refused = await expectProblem(await changePassword(), 403);
    expect(refused.type).toBe(`${PROBLEM}step-up-required`);
  });

  it('account locked: its sessions are refused at once', async () => {
    const [user, token] = await actor(['user'], false);
    expect(await status(session(token))).toBe(200);

    await instances().a.app.get(AdminUsersService).lock(user.id);
    await expectProblem(await session(token), 401);
  });

  it('MFA reset by an operator: the sessions are refused at once', async () => {
    const [user, token] = await actor(['user'], true);
    expect(await status(session(token))).toBe(200);

    // What `pnpm cli mfa:reset` does (AdminAccountService.resetMfa, in the CLI's own context).
    await instances().a.app.get(MfaService).disable(user.id);
    await instances().a.app.get(SessionService).revoke({ userId: user.id }, 'mfa_reset');
    await expectProblem(await session(token), 401);
  });

  it('password changed: the other sessions are refused at once', async () => {
    const [user, token] = await actor(['user'], false);
    const current = await sessionToken(instances().a, user, false);
    expect(await status(session(token))).toBe(200);

    const changed = apiClient(instances().a).changePassword(
      GOOD_PASSWORD,
      'a brand new correct horse',
      current,
    );
    expect(await status(changed)).toBe(204);
    await expectProblem(await session(token), 401);
    expect(await status(session(current))).toBe(200);
  });

  it('logout and revocation of one session: refused at once', async () => {
    const [user, token] = await actor(['user'], false);
    const other = await sessionToken(instances().a, user, false);
    const otherId = (await (await session(other)).json()) as { id: string };
    expect(await status(session(token))).toBe(200);

    expect(await status(apiClient(instances().a).logout(token))).toBe(204);
    await expectProblem(await session(token), 401);

    await instances().a.app.get(SessionService).revokeOwn(user.id, otherId.id);
    await expectProblem(await session(other), 401);
  });

  it('a refresh token presented again: the session is refused at once', async () => {
    const user = await createUser(instances().a, ['user'], 'principal');
    const started = await instances()
      .a.app.get(SessionService)
      .start(
        { userId: user.id, credentialVersion: 0 },
        { ip: null, userAgent: null },
        { verified: false, enrolmentRequired: false },
      );
    expect(await status(session(started.accessToken))).toBe(200);

    await apiClient(instances().a).refreshed(started.refreshToken);
    await expectProblem(await apiClient(instances().a).refresh(started.refreshToken), 401);
    await expectProblem(await session(started.accessToken), 401);
  });
}

describe('principal cache invalidation on one instance (in-process cache)', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(async () => {
    await api.close();
  });
  describeInvalidation(() => ({ a: api, b: api }));
});

// Two instances need one PostgreSQL database: PGlite lives inside a single process.
describeWith(POSTGRES, REDIS)(
  'principal cache invalidation across two instances sharing Redis',
  () => {
    let shared: SharedInstancesEnv;
    let first: TestApp;
    let second: TestApp;

    beforeAll(async () => {
      shared = await sharedInstancesEnv(process.env.TEST_DATABASE_URL ?? '');
      const env = { ...shared.env, THROTTLE_DEFAULT: '100000/60' };
      // One after the other: both run the migrations at start.
      first = await startTestApp({ env });
      second = await startTestApp({ env });
    });
    afterAll(async () => {
      await second.close();
      await first.close();
      await shared.remove();
    });
    describeInvalidation(() => ({ a: first, b: second }));
  },
);
