import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionService } from '../src/identity/sessions/session.service.js';
import type { Role } from '../src/identity/users/user-role.entity.js';
import { UsersRepository } from '../src/identity/users/users.repository.js';
import { auditEventsOf } from './support/audit-events.js';
import {
  apiClient,
  bodyOf,
  type AdminUser,
  type AdminUserPage,
  type ApiClient,
  type ApiResponse,
  type AuditEventPage,
  type Tokens,
} from './support/api-client.js';
import { login, registerVerified, uniqueEmail } from './support/identity.js';
import { enrolTotp, PROBLEM, requestIdOf } from './support/mfa.js';
import { expectProblem } from './support/problem.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { testDatabases } from './support/test-database.js';

interface Caller {
  readonly id: string;
  readonly email: string;
  readonly tokens: Tokens;
}

const ADMIN_ROUTES = [
  ['GET', '/admin/users', 'users:read'],
  ['PUT', `/admin/users/${randomUUID()}/roles`, 'users:manage'],
  ['POST', `/admin/users/${randomUUID()}/lock`, 'users:manage'],
  ['POST', `/admin/users/${randomUUID()}/unlock`, 'users:manage'],
  ['GET', '/admin/audit-events', 'audit:read'],
] as const;

describe.each(testDatabases())('admin routes on $kind', (database) => {
  let api: TestApp;
  let client: ApiClient;

  /** Roles written straight to the database, as `pnpm cli admin:create` does for the first admin. */
  async function grant(userId: string, roles: readonly Role[]): Promise<void> {
    const users = api.app.get(UsersRepository);
    await users.transaction((manager) => users.replaceRoles(userId, roles, manager));
  }

  /** A verified account with `roles`, logged in; with TOTP enrolled (and proved) when `mfa`. */
  async function caller(label: string, roles: readonly Role[], mfa: boolean): Promise<Caller> {
    const email = uniqueEmail(label);
    await registerVerified(api, email);
    const user = await api.app.get(UsersRepository).findByEmail(email);
    if (user === null) {
      throw new Error('registration left no user');
    }
    await grant(user.id, roles);
    const tokens = await login(api, email);
    if (mfa) {
      await enrolTotp(api, tokens.accessToken);
    }
    return { id: user.id, email, tokens };
  }

  const admin = (label = 'admin'): Promise<Caller> => caller(label, ['user', 'admin'], true);
  const auditor = (): Promise<Caller> => caller('auditor', ['user', 'auditor'], true);
  const user = (): Promise<Caller> => caller('user', ['user'], false);

  const get = <T>(path: string, as: Caller): Promise<T> =>
    bodyOf(client.send<T>('GET', path, undefined, as.tokens.accessToken));

  const putRoles = (as: Caller, target: string, roles: unknown): Promise<ApiResponse<AdminUser>> =>
    client.replaceRoles(target, roles, as.tokens.accessToken);

  const rolesIn = async (userId: string): Promise<Role[]> =>
    (await api.app.get(UsersRepository).rolesOf(userId)).sort();

  beforeAll(async () => {
    api = await startTestApp({ database });
    client = apiClient(api);
  });
  afterAll(async () => {
    await api.close();
  });

  describe('permissions', () => {
    it('refuses a plain user on every admin route with 403 and records authz_fail', async () => {
      const plain = await user();
      for (const [method, path, permission] of ADMIN_ROUTES) {
        const body = method === 'PUT' ? { roles: ['user'] } : undefined;
        const response = await client.send(method, path, body, plain.tokens.accessToken);
        const problem = await expectProblem(response, 403);
        expect(problem.type).toBe(`${PROBLEM}permission-denied`);
        const events = await auditEventsOf(api, [requestIdOf(response)]);
        expect(events).toEqual([
          expect.objectContaining({
            event: 'authz_fail',
            outcome: 'failure',
            actor: plain.id,
            target: `${method} ${path.replace(/[0-9a-f-]{36}/, ':id')}`,
            metadata: { missing: [permission] },
          }),
        ]);
      }
    });

    it('lets an auditor read users and the audit trail, and nothing else', async () => {
      const reader = await auditor();
      const target = await user();
      await get<AdminUserPage>('/admin/users', reader);
      await get<AuditEventPage>('/admin/audit-events', reader);
      const response = await putRoles(reader, target.id, ['user', 'admin']);
      await expectProblem(response, 403);
      expect(await rolesIn(target.id)).toEqual(['user']);
      const [event] = await auditEventsOf(api, [requestIdOf(response)]);
      expect(event).toMatchObject({ event: 'authz_fail', metadata: { missing: ['users:manage'] } });
    });

    it('applies a revoked role on the very next request with the same access token', async () => {
      const boss = await admin();
      const reader = await auditor();
      await get<AdminUserPage>('/admin/users', reader);
      await bodyOf(putRoles(boss, reader.id, ['user']));
      const after = await client.send('GET', '/admin/users', undefined, reader.tokens.accessToken);
      expect((await expectProblem(after, 403)).type).toBe(`${PROBLEM}permission-denied`);
    });

    it('requires MFA on admin routes even for a role granted after login', async () => {
      const late = await user();
      await grant(late.id, ['user', 'admin']);
      const response = await client.send('GET', '/admin/users', undefined, late.tokens.accessToken);
      expect((await expectProblem(response, 403)).type).toBe(`${PROBLEM}mfa-enrolment-required`);
    });

    it('requires a recent second factor: a session without one must step up', async () => {
      const boss = await admin();
      // A session of the same admin that never proved a second factor.
      const stale = await api.app
        .get(SessionService)
        .start(
          { userId: boss.id, credentialVersion: 0 },
          { ip: null, userAgent: null },
          { verified: false, enrolmentRequired: false },
        );
      const response = await client.send('GET', '/admin/users', undefined, stale.accessToken);
      expect((await expectProblem(response, 403)).type).toBe(`${PROBLEM}step-up-required`);
    });
  });

  describe('users', () => {
    it('finds a user by exact e-mail in any letter case, and shows no secret', async () => {
      const boss = await admin();
      const target = await user();
      const page = await get<AdminUserPage>(
        `/admin/users?email=${encodeURIComponent(target.email.toUpperCase())}`,
        boss,
      );
      expect(page.total).toBe(1);
      expect(page.items).toEqual([
        {
          id: target.id,
          email: target.email,
          displayName: null,
          roles: ['user'],
          emailVerified: true,
          mfaEnabled: false,
          locked: false,
          createdAt: expect.any(String) as string,
        },
      ]);
      const none = await get<AdminUserPage>(
        `/admin/users?email=${encodeURIComponent(uniqueEmail('nobody'))}`,
        boss,
      );
      expect(none).toMatchObject({ items: [], total: 0 });
    });

    it('pages through every user with a capped limit', async () => {
      const boss = await admin();
      const first = await get<AdminUserPage>('/admin/users?limit=1', boss);
      const second = await get<AdminUserPage>('/admin/users?limit=1&offset=1', boss);
      expect(first.total).toBeGreaterThanOrEqual(2);
      expect(first.items).toHaveLength(1);
      expect(second.items[0]?.id).not.toBe(first.items[0]?.id);
      for (const query of [
        'limit=101',
        'limit=0',
        'offset=-1',
        'email=not-an-address',
        'sort=id',
      ]) {
        await expectProblem(
          await client.send('GET', `/admin/users?${query}`, undefined, boss.tokens.accessToken),
          400,
        );
      }
    });
  });

  describe('roles', () => {
    it('replaces the role set and records who changed what', async () => {
      const boss = await admin();
      const target = await user();
      const response = await putRoles(boss, target.id, ['user', 'auditor']);
      expect(await bodyOf(response)).toMatchObject({
        id: target.id,
        roles: ['auditor', 'user'],
      });
      expect(await rolesIn(target.id)).toEqual(['auditor', 'user']);
      const events = await auditEventsOf(api, [requestIdOf(response)]);
      expect(events).toContainEqual(
        expect.objectContaining({
          event: 'privilege_permissions_changed',
          actor: boss.id,
          target: `user:${target.id}`,
          metadata: { before: ['user'], after: ['auditor', 'user'] },
        }),
      );
    });

    it('refuses unknown roles, duplicates, an empty set and extra fields, changing nothing', async () => {
      const boss = await admin();
      const target = await user();
      const bodies = [
        { roles: ['user', 'root'] },
        { roles: ['user', 'user'] },
        { roles: [] },
        { roles: 'admin' },
        { roles: ['user'], isAdmin: true },
        {},
      ];
      for (const body of bodies) {
        const response = await client.send(
          'PUT',
          `/admin/users/${target.id}/roles`,
          body,
          boss.tokens.accessToken,
        );
        await expectProblem(response, 400);
      }
      expect(await rolesIn(target.id)).toEqual(['user']);
      await expectProblem(await putRoles(boss, 'not-a-uuid', ['user']), 400);
      await expectProblem(await putRoles(boss, randomUUID(), ['user']), 404);
    });

    it('lets no one grant a role to themselves', async () => {
      const boss = await admin();
      const response = await putRoles(boss, boss.id, ['user', 'admin', 'auditor']);
      expect((await expectProblem(response, 403)).type).toBe(`${PROBLEM}self-grant`);
      expect(await rolesIn(boss.id)).toEqual(['admin', 'user']);
    });

    it('keeps the last admin: removing its admin role answers 409', async () => {
      const boss = await admin('last');
      await demoteEveryAdminExcept(boss.id);
      const response = await putRoles(boss, boss.id, ['user']);
      expect((await expectProblem(response, 409)).type).toBe(`${PROBLEM}last-admin`);
      expect(await rolesIn(boss.id)).toEqual(['admin', 'user']);
      await expectProblem(
        await client.send(
          'POST',
          `/admin/users/${boss.id}/lock`,
          undefined,
          boss.tokens.accessToken,
        ),
        409,
      );
    });

    it('leaves one admin when the last two demote each other at the same time', async () => {
      const first = await admin('first');
      const second = await admin('second');
      await demoteEveryAdminExcept(first.id, second.id);
      const responses = await Promise.all([
        putRoles(first, second.id, ['user']),
        putRoles(second, first.id, ['user']),
      ]);
      // The loser is refused by the last-admin check (409), or, when the winner committed before
      // its request was authorized, because it is no admin any more (403).
      const [winner, loser] = responses.map((response) => response.status).sort();
      expect(winner).toBe(200);
      expect([403, 409]).toContain(loser);
      const remaining = [await rolesIn(first.id), await rolesIn(second.id)];
      expect(remaining.filter((roles) => roles.includes('admin'))).toHaveLength(1);
    });

    /** Other tests' admins share this database: demote them directly so a test can be the last. */
    async function demoteEveryAdminExcept(...keep: string[]): Promise<void> {
      const admins: { user_id: string }[] = await api.app
        .get(UsersRepository)
        .transaction((manager) =>
          manager.query(`SELECT user_id FROM user_roles WHERE role = 'admin'`),
        );
      for (const { user_id: id } of admins) {
        if (!keep.includes(id)) {
          await grant(id, ['user']);
        }
      }
    }
  });

  describe('lock and unlock', () => {
    it('locks an account: its tokens stop at once, login is refused until unlocked', async () => {
      const boss = await admin();
      const target = await user();
      const locked = await client.send(
        'POST',
        `/admin/users/${target.id}/lock`,
        undefined,
        boss.tokens.accessToken,
      );
      expect(locked.status).toBe(204);
      const events = await auditEventsOf(api, [requestIdOf(locked)]);
      expect(events).toContainEqual(
        expect.objectContaining({
          event: 'authn_login_lock',
          actor: boss.id,
          target: `user:${target.id}`,
          metadata: { reason: 'admin' },
        }),
      );
      await expectProblem(
        await client.send('GET', '/users/me', undefined, target.tokens.accessToken),
        401,
      );
      await expectProblem(
        await client.send('POST', '/auth/refresh', { refreshToken: target.tokens.refreshToken }),
        401,
      );
      const refused = await client.send('POST', '/auth/login', {
        email: target.email,
        password: 'correct horse battery staple',
      });
      expect((await expectProblem(refused, 403)).type).toBe(`${PROBLEM}account-locked`);
      const listed = await get<AdminUserPage>(
        `/admin/users?email=${encodeURIComponent(target.email)}`,
        boss,
      );
      expect(listed.items[0]?.locked).toBe(true);

      const unlocked = await client.send(
        'POST',
        `/admin/users/${target.id}/unlock`,
        undefined,
        boss.tokens.accessToken,
      );
      expect(unlocked.status).toBe(204);
      await login(api, target.email);
    });

    it('gives a locked account with MFA no second step and no session', async () => {
      const boss = await admin();
      const target = await auditor();
      await client.send(
        'POST',
        `/admin/users/${target.id}/lock`,
        undefined,
        boss.tokens.accessToken,
      );
      const refused = await client.send('POST', '/auth/login', {
        email: target.email,
        password: 'correct horse battery staple',
      });
      await expectProblem(refused, 403);
      await expect(
        api.app
          .get(SessionService)
          .start(
            { userId: target.id, credentialVersion: 0 },
            { ip: null, userAgent: null },
            { verified: true, enrolmentRequired: false },
          ),
      ).rejects.toThrow(/locked/);
    });

    it('answers 404 for an unknown user and 400 for a malformed id', async () => {
      const boss = await admin();
      for (const action of ['lock', 'unlock']) {
        const unknown = `/admin/users/${randomUUID()}/${action}`;
        await expectProblem(
          await client.send('POST', unknown, undefined, boss.tokens.accessToken),
          404,
        );
        const malformed = `/admin/users/42/${action}`;
        await expectProblem(
          await client.send('POST', malformed, undefined, boss.tokens.accessToken),
          400,
        );
      }
    });
  });

  describe('audit events', () => {
    it('filters by event and user, newest first, in pages that follow each other', async () => {
      const boss = await admin();
      const plain = await user();
      for (let attempt = 0; attempt < 3; attempt += 1) {
        await client.send('GET', '/admin/users', undefined, plain.tokens.accessToken);
      }
      const query = `/admin/audit-events?event=authz_fail&userId=${plain.id}`;
      const all = await get<AuditEventPage>(query, boss);
      expect(all.items).toHaveLength(3);
      expect(
        all.items.every((item) => item.event === 'authz_fail' && item.actor === plain.id),
      ).toBe(true);
      expect(all.items.map((item) => item.seq)).toEqual(
        [...all.items.map((item) => item.seq)].sort((a, b) => b - a),
      );
      const first = await get<AuditEventPage>(`${query}&limit=2`, boss);
      expect(first.items.map((item) => item.seq)).toEqual(all.items.slice(0, 2).map((i) => i.seq));
      const second = await get<AuditEventPage>(
        `${query}&limit=2&beforeSeq=${String(first.nextBeforeSeq)}`,
        boss,
      );
      expect(second.items.map((item) => item.seq)).toEqual([all.items[2]?.seq]);
      expect(second.nextBeforeSeq).toBeNull();
      const future = new Date(Date.now() + 60_000).toISOString();
      const none = await get<AuditEventPage>(`${query}&from=${future}`, boss);
      expect(none.items).toEqual([]);
    });

    it('refuses unknown event names, malformed filters and oversized pages', async () => {
      const boss = await admin();
      for (const query of [
        'event=drop_table',
        'userId=42',
        'from=yesterday',
        'limit=101',
        'beforeSeq=0',
        'actor=x',
      ]) {
        const response = await client.send(
          'GET',
          `/admin/audit-events?${query}`,
          undefined,
          boss.tokens.accessToken,
        );
        await expectProblem(response, 400);
      }
    });
  });
});
