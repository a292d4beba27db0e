import { Injectable } from '@nestjs/common';
import { pageOf, type Page, type PageRequest } from '../platform/http/page.js';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../security/audit/audit.service.js';
import { MfaService } from '../identity/mfa/mfa.service.js';
import { PrincipalInvalidation } from '../identity/sessions/principal-invalidation.service.js';
import { SessionService } from '../identity/sessions/session.service.js';
import type { Role } from '../identity/users/user-role.entity.js';
import type { User } from '../identity/users/user.entity.js';
import { UsersRepository } from '../identity/users/users.repository.js';
import { LastAdminError, SelfGrantError, UserNotFoundError } from './admin.errors.js';

/** A user as an administrator sees it. */
export interface AdministeredUser {
  readonly user: User;
  readonly roles: readonly Role[];
  readonly mfaEnabled: boolean;
}

/** Listing, role changes and locks by administrators; every change is audited with its actor. */
@Injectable()
export class AdminUsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionService,
    private readonly mfa: MfaService,
    private readonly audit: AuditService,
    private readonly principals: PrincipalInvalidation,
  ) {}

  /** `email`: an exact match through the blind index (the address is never stored in clear). */
  async list(query: PageRequest & { readonly email?: string }): Promise<Page<AdministeredUser>> {
    let page: Page<User>;
    if (query.email === undefined) {
      page = await this.users.page(query);
    } else {
      const found = await this.users.findByEmail(query.email);
      const match = found === null ? null : await this.users.findWithRoles(found.id);
      const users = match === null ? [] : [match];
      page = pageOf(users.slice(query.offset, query.offset + query.limit), users.length, query);
    }
    const mfaEnabled = await this.mfa.enabledAmong(page.items.map((user) => user.id));
    await this.audit.record({
      event: 'sensitive_read',
      outcome: 'success',
      target: 'users',
      metadata: { search: query.email !== undefined, returned: page.items.length },
    });
    return {
      ...page,
      items: page.items.map((user) => ({
        user,
        roles: user.roles.map((row) => row.role).sort(),
        mfaEnabled: mfaEnabled.has(user.id),
      })),
    };
  }

  /** @throws UserNotFoundError */
  async get(userId: string): Promise<AdministeredUser> {
    const user = await this.users.findWithRoles(userId);
    if (user === null) {
      throw new UserNotFoundError();
    }
    const roles = user.roles.map((row) => row.role).sort();
    return { user, roles, mfaEnabled: await this.mfa.isEnabled(userId) };
  }

  /**
   * Replaces the target's roles; permissions follow on the target's next request. Giving up one's
   * own roles is allowed; gaining one needs another person.
   * @throws UserNotFoundError, SelfGrantError, LastAdminError
   */
  async replaceRoles(actorId: string, targetId: string, roles: readonly Role[]): Promise<void> {
    const before = await this.auditingRefusals(targetId, 'replace_roles', () =>
      this.users.transaction(async (manager) => {
        const usableAdmins = await this.lockAdminsAndCheckTarget(targetId, manager);
        const current = await this.users.rolesOf(targetId, manager);
        if (actorId === targetId && roles.some((role) => !current.includes(role))) {
          throw new SelfGrantError();
        }
        if (!roles.includes('admin') && isLastUsableAdmin(targetId, usableAdmins)) {
          throw new LastAdminError();
        }
        await this.users.replaceRoles(targetId, roles, manager);
        return current;
      }),
    );
    await this.principals.userChanged(targetId);
    await this.audit.record({
      event: 'privilege_permissions_changed',
      outcome: 'success',
      target: `user:${targetId}`,
      metadata: { before: [...before].sort(), after: [...roles].sort() },
    });
  }

  /**
   * Locks the account and revokes its sessions in one transaction: its access tokens stop working
   * on the next request, and no new session can start (SessionsRepository.create).
   * @throws UserNotFoundError, LastAdminError
   */
  async lock(targetId: string): Promise<void> {
    await this.auditingRefusals(targetId, 'lock', () =>
      this.sessions.revoke({ userId: targetId }, 'account_locked', async (manager) => {
        const usableAdmins = await this.lockAdminsAndCheckTarget(targetId, manager);
        if (isLastUsableAdmin(targetId, usableAdmins)) {
          throw new LastAdminError();
        }
        await this.users.setLockedAt(targetId, new Date(), manager);
      }),
    );
    await this.audit.record({
      event: 'authn_login_lock',
      outcome: 'success',
      target: `user:${targetId}`,
      metadata: { reason: 'admin' },
    });
  }

  /** @throws UserNotFoundError */
  async unlock(targetId: string): Promise<void> {
    await this.users.transaction(async (manager) => {
      if ((await this.users.findById(targetId, manager)) === null) {
        throw new UserNotFoundError();
      }
      await this.users.setLockedAt(targetId, null, manager);
    });
    await this.audit.record({
      event: 'user_updated',
      outcome: 'success',
      target: `user:${targetId}`,
      metadata: { fields: ['locked'], locked: false },
    });
  }

  /**
   * The usable admins, with their role rows locked until `manager`'s transaction ends (see
   * UsersRepository.usableAdminIdsForUpdate), once the target is known to exist.
   */
  private async lockAdminsAndCheckTarget(
    targetId: string,
    manager: EntityManager,
  ): Promise<string[]> {
    const usableAdmins = await this.users.usableAdminIdsForUpdate(manager);
    if ((await this.users.findById(targetId, manager)) === null) {
      throw new UserNotFoundError();
    }
    return usableAdmins;
  }

  /** A business rule refused an admin action: recorded like any authorization failure (ASVS 16.3.3). */
  private async auditingRefusals<T>(
    targetId: string,
    action: string,
    run: () => Promise<T>,
  ): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof SelfGrantError || error instanceof LastAdminError) {
        await this.audit.record({
          event: 'authz_fail',
          outcome: 'failure',
          target: `user:${targetId}`,
          metadata: { action, rule: error.code },
        });
      }
      throw error;
    }
  }
}

function isLastUsableAdmin(userId: string, usableAdmins: readonly string[]): boolean {
  return usableAdmins.length === 1 && usableAdmins[0] === userId;
}
