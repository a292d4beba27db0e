import type { EntityManager } from 'typeorm';
import { beforeEach, describe, expect, it } from 'vitest';
import { fake, inFakeTransaction, recordingAudit } from '../../test/support/fakes.js';
import type { MfaService } from '../identity/mfa/mfa.service.js';
import type { PrincipalInvalidation } from '../identity/sessions/principal-invalidation.service.js';
import type { SessionRevocationReason } from '../identity/sessions/session.entity.js';
import type { SessionService } from '../identity/sessions/session.service.js';
import type { SessionSelection } from '../identity/sessions/sessions.repository.js';
import type { Role } from '../identity/users/user-role.entity.js';
import type { User } from '../identity/users/user.entity.js';
import type { UsersRepository } from '../identity/users/users.repository.js';
import { LastAdminError, SelfGrantError, UserNotFoundError } from './admin.errors.js';
import { AdminUsersService } from './admin-users.service.js';

interface StoredUser {
  roles: Role[];
  lockedAt: Date | null;
}

describe(AdminUsersService.name, () => {
  let stored: Map<string, StoredUser>;
  let revocations: { selection: SessionSelection; reason: SessionRevocationReason }[];
  let audit: ReturnType<typeof recordingAudit>;
  let admin: AdminUsersService;
  /** Whose principal replaceRoles asked to drop. */
  let changedUsers: string[];

  beforeEach(() => {
    stored = new Map();
    revocations = [];
    audit = recordingAudit();
    const users = fake<UsersRepository>({
      transaction: inFakeTransaction,
      // The real query also leaves out locked admins; the service trusts the list it gets.
      usableAdminIdsForUpdate: () =>
        Promise.resolve(
          [...stored]
            .filter(([, user]) => user.roles.includes('admin') && user.lockedAt === null)
            .map(([id]) => id),
        ),
      findById: (id: string) =>
        Promise.resolve(
          stored.has(id) ? fake<User>({ id, lockedAt: stored.get(id)!.lockedAt }) : null,
        ),
      rolesOf: (id: string) => Promise.resolve([...(stored.get(id)?.roles ?? [])]),
      replaceRoles: (id: string, roles: readonly Role[]) => {
        stored.get(id)!.roles = [...roles];
        return Promise.resolve();
      },
      setLockedAt: (id: string, lockedAt: Date | null) => {
        stored.get(id)!.lockedAt = lockedAt;
        return Promise.resolve();
      },
    });
    // Like the real one: the writes of `together` and the revocation commit or fail as one.
    const sessions = fake<SessionService>({
      revoke: async (
        selection: SessionSelection,
        reason: SessionRevocationReason,
        together?: (manager: EntityManager) => Promise<void>,
      ) => {
        await inFakeTransaction(async (manager) => together?.(manager));
        revocations.push({ selection, reason });
        return ['session-1'];
      },
    });
    changedUsers = [];
    const principals = fake<PrincipalInvalidation>({
      userChanged: (userId: string) => {
        changedUsers.push(userId);
        return Promise.resolve();
      },
    });
    admin = new AdminUsersService(users, sessions, fake<MfaService>({}), audit, principals);
  });

  const given = (id: string, roles: Role[], lockedAt: Date | null = null): void => {
    stored.set(id, { roles, lockedAt });
  };

  describe('replaceRoles', () => {
    it('refuses an administrator a role they do not hold yet, and audits the refusal', async () => {
      given('boss', ['user', 'admin']);
      given('other-admin', ['user', 'admin']);

      await expect(
        admin.replaceRoles('boss', 'boss', ['user', 'admin', 'auditor']),
      ).rejects.toThrow(SelfGrantError);

      expect(stored.get('boss')!.roles).toEqual(['user', 'admin']);
      expect(audit.recorded).toEqual([
        {
          event: 'authz_fail',
          outcome: 'failure',
          target: 'user:boss',
          metadata: { action: 'replace_roles', rule: 'ADMIN.SELF_GRANT' },
        },
      ]);
    });

    it('lets an administrator give up their own roles while another admin remains', async () => {
      given('boss', ['user', 'admin', 'auditor']);
      given('other-admin', ['user', 'admin']);

      await admin.replaceRoles('boss', 'boss', ['user']);

      expect(stored.get('boss')!.roles).toEqual(['user']);
    });

    it('lets an administrator grant another user a role', async () => {
      given('boss', ['user', 'admin']);
      given('ada', ['user']);

      await admin.replaceRoles('boss', 'ada', ['user', 'auditor']);

      expect(stored.get('ada')!.roles).toEqual(['user', 'auditor']);
      expect(audit.recorded).toEqual([
        {
          event: 'privilege_permissions_changed',
          outcome: 'success',
          target: 'user:ada',
          metadata: { before: ['user'], after: ['auditor', 'user'] },
        },
      ]);
    });

    it('drops the cached principal of the target once the new roles are committed, and only then', async () => {
      given('boss', ['user', 'admin']);
      given('ada', ['user']);

      await expect(admin.replaceRoles('ada', 'ada', ['user', 'admin'])).rejects.toThrow(
        SelfGrantError,
      );
      expect(changedUsers).toEqual([]);
      await admin.replaceRoles('boss', 'ada', ['user', 'auditor']);
      expect(changedUsers).toEqual(['ada']);
    });

    it('refuses to take the admin role from the last usable admin, and audits the refusal', async () => {
      given('boss', ['user', 'admin']);
      given('locked-admin', ['user', 'admin'], new Date());

      await expect(admin.replaceRoles('boss', 'boss', ['user'])).rejects.toThrow(LastAdminError);

      expect(stored.get('boss')!.roles).toEqual(['user', 'admin']);
      expect(audit.recorded).toEqual([
        expect.objectContaining({
          event: 'authz_fail',
          metadata: { action: 'replace_roles', rule: 'ADMIN.LAST_ADMIN' },
        }),
      ]);
    });

    it('answers an unknown user as not found', async () => {
      given('boss', ['user', 'admin']);

      await expect(admin.replaceRoles('boss', 'nobody', ['user'])).rejects.toThrow(
        UserNotFoundError,
      );
      expect(audit.recorded).toEqual([]);
    });
  });

  describe('lock', () => {
    it('locks the account and ends its sessions in the same transaction, audited', async () => {
      given('boss', ['user', 'admin']);
      given('ada', ['user']);

      await admin.lock('ada');

      expect(stored.get('ada')!.lockedAt).toBeInstanceOf(Date);
      expect(revocations).toEqual([{ selection: { userId: 'ada' }, reason: 'account_locked' }]);
      expect(audit.recorded).toEqual([
        {
          event: 'authn_login_lock',
          outcome: 'success',
          target: 'user:ada',
          metadata: { reason: 'admin' },
        },
      ]);
    });

    it('refuses to lock the last usable admin, ending none of their sessions', async () => {
      given('boss', ['user', 'admin']);
      given('ada', ['user']);

      await expect(admin.lock('boss')).rejects.toThrow(LastAdminError);

      expect(stored.get('boss')!.lockedAt).toBeNull();
      expect(revocations).toEqual([]);
      expect(audit.recorded).toEqual([
        expect.objectContaining({
          event: 'authz_fail',
          metadata: { action: 'lock', rule: 'ADMIN.LAST_ADMIN' },
        }),
      ]);
    });

    it('locks an admin while another usable admin remains', async () => {
      given('boss', ['user', 'admin']);
      given('deputy', ['user', 'admin']);

      await admin.lock('boss');

      expect(stored.get('boss')!.lockedAt).toBeInstanceOf(Date);
    });
  });
});
