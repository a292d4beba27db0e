import { Injectable } from '@nestjs/common';
import { pageOf, type Page, type PageRequest } from '../../platform/http/page.js';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type EntityManager, type Repository } from 'typeorm';
import {
  encryptedColumnsOf,
  type EncryptedColumnInfo,
} from '../../security/field-encryption/encrypted-columns.js';
import { FieldEncryptionService } from '../../security/field-encryption/field-encryption.service.js';
import { UserRole, type Role } from './user-role.entity.js';
import { User } from './user.entity.js';

/** What GET /users/me shows of the account row; roles and MFA come with the caller's principal. */
export interface AccountRow {
  readonly id: string;
  readonly email: string;
  readonly displayName: string | null;
  readonly emailVerified: boolean;
}

/** What checking a password and starting a session need of an account; the e-mail stays sealed. */
export interface PasswordCredential {
  readonly id: string;
  readonly passwordHash: string;
  readonly credentialVersion: number;
  readonly emailVerifiedAt: Date | null;
  readonly lockedAt: Date | null;
}

export interface NewUser {
  readonly email: string;
  readonly passwordHash: string;
  readonly displayName?: string | null;
  readonly emailVerifiedAt?: Date | null;
  readonly roles: readonly Role[];
}

/** Methods that take an `EntityManager` join the caller's transaction. */
@Injectable()
export class UsersRepository {
  private readonly emailColumn: EncryptedColumnInfo;

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly encryption: FieldEncryptionService,
  ) {
    const emailColumn = encryptedColumnsOf(users.metadata).find(
      (column) => column.property === 'email',
    );
    if (emailColumn === undefined) {
      throw new Error('User.email must be an encrypted column');
    }
    this.emailColumn = emailColumn;
  }

  /** Exact, normalised e-mail match through the blind index, under every key during a rotation. */
  findByEmail(email: string): Promise<User | null> {
    const candidates = this.encryption.blindIndexCandidates(this.emailColumn, email);
    return this.users.findOne({ where: { emailBlindIndex: In(candidates) } });
  }

  /**
   * The account of an e-mail as a password check needs it, in one statement with only those
   * columns: the path of every login, which has no use for the decrypted address.
   */
  async credentialByEmail(email: string): Promise<PasswordCredential | null> {
    const rows: {
      id: string;
      password_hash: string;
      credential_version: number;
      email_verified_at: Date | null;
      locked_at: Date | null;
    }[] = await this.users.query(
      `SELECT id, password_hash, credential_version, email_verified_at, locked_at
         FROM users
        WHERE email_blind_index = ANY($1)
        LIMIT 1`,
      [this.encryption.blindIndexCandidates(this.emailColumn, email)],
    );
    const [row] = rows;
    return row === undefined
      ? null
      : {
          id: row.id,
          passwordHash: row.password_hash,
          credentialVersion: row.credential_version,
          emailVerifiedAt: row.email_verified_at,
          lockedAt: row.locked_at,
        };
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.users.manager.transaction(work);
  }

  findById(id: string, manager: EntityManager = this.users.manager): Promise<User | null> {
    return manager.getRepository(User).findOne({ where: { id } });
  }

  /** Sorted, as the principal lists them. */
  async rolesOf(userId: string, manager: EntityManager = this.users.manager): Promise<Role[]> {
    const rows: { role: Role }[] = await manager.query(
      'SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role',
      [userId],
    );
    return rows.map((row) => row.role);
  }

  /** The user with its role rows (admin views; GET /users/me reads accountOf). */
  findWithRoles(id: string): Promise<User | null> {
    return this.users.findOne({ where: { id }, relations: { roles: true } });
  }

  /**
   * The account's own columns in one statement on its primary key: the hot path of GET /users/me,
   * so plain SQL with only the columns shown, decrypted here as the subscriber would.
   */
  async accountOf(id: string): Promise<AccountRow | null> {
    const rows: {
      email_encrypted: string;
      display_name: string | null;
      email_verified: boolean;
    }[] = await this.users.query(
      `SELECT email_encrypted, display_name, email_verified_at IS NOT NULL AS email_verified
         FROM users
        WHERE id = $1`,
      [id],
    );
    const [row] = rows;
    if (row === undefined) {
      return null;
    }
    return {
      id,
      email: this.encryption.open(this.emailColumn, id, row.email_encrypted) as string,
      displayName: row.display_name,
      emailVerified: row.email_verified,
    };
  }

  /** A page of users with their roles, oldest first, and how many there are in all. */
  async page(request: PageRequest): Promise<Page<User>> {
    const [users, total] = await this.users.findAndCount({
      relations: { roles: true },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: request.limit,
      skip: request.offset,
    });
    return pageOf(users, total, request);
  }

  /**
   * The ids of the admins who are not locked, with every admin's role row locked FOR UPDATE until
   * the transaction ends: two administrators demoting or locking each other at once take turns,
   * so the check "another usable admin remains" cannot pass for both.
   */
  async usableAdminIdsForUpdate(manager: EntityManager): Promise<string[]> {
    await manager.query(`SELECT user_id FROM user_roles WHERE role = 'admin' FOR UPDATE`);
    // A new statement: under READ COMMITTED it sees what the transactions we waited for committed.
    const rows: { user_id: string }[] = await manager.query(
      `SELECT ur.user_id FROM user_roles ur JOIN users u ON u.id = ur.user_id
        WHERE ur.role = 'admin' AND u.locked_at IS NULL`,
    );
    return rows.map((row) => row.user_id);
  }

  async replaceRoles(
    userId: string,
    roles: readonly Role[],
    manager: EntityManager,
  ): Promise<void> {
    const userRoles = manager.getRepository(UserRole);
    await userRoles.delete({ userId });
    await userRoles.insert(roles.map((role) => ({ userId, role })));
  }

  async setLockedAt(id: string, lockedAt: Date | null, manager: EntityManager): Promise<void> {
    await manager.getRepository(User).update({ id }, { lockedAt });
  }

  /** Inserts the user and its roles in one transaction; a taken e-mail fails the unique index. */
  create(user: NewUser): Promise<User> {
    return this.users.manager.transaction(async (manager) => {
      const { roles, ...columns } = user;
      const created = await manager.getRepository(User).save(manager.create(User, columns));
      await manager
        .getRepository(UserRole)
        .insert(roles.map((role) => ({ userId: created.id, role })));
      return created;
    });
  }

  /** A new password: bumps the credential version, so a login that verified the old one cannot finish. */
  async updatePasswordHash(
    id: string,
    passwordHash: string,
    manager: EntityManager = this.users.manager,
  ): Promise<void> {
    await manager
      .getRepository(User)
      .createQueryBuilder()
      .update()
      .set({ passwordHash, credentialVersion: () => 'credential_version + 1' })
      .where('id = :id', { id })
      .execute();
  }

  /**
   * The same password under stronger parameters, written only if the stored hash is still the one
   * verified: a reset that committed meanwhile is never overwritten with the old password.
   */
  async replaceWeakerHash(id: string, verifiedHash: string, passwordHash: string): Promise<void> {
    await this.users.update({ id, passwordHash: verifiedHash }, { passwordHash });
  }

  /** Idempotent: keeps the first verification time. */
  async markEmailVerified(id: string, manager: EntityManager = this.users.manager): Promise<void> {
    await manager
      .getRepository(User)
      .createQueryBuilder()
      .update()
      .set({ emailVerifiedAt: () => 'COALESCE(email_verified_at, now())' })
      .where('id = :id', { id })
      .execute();
  }

  async updateDisplayName(id: string, displayName: string | null): Promise<void> {
    await this.users.update({ id }, { displayName });
  }
}
