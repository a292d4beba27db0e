import {
  Not,
  type DeepPartial,
  type FindOptionsOrder,
  type FindOptionsWhere,
  type Repository,
} from 'typeorm';
import { pageOf, type Page, type PageRequest } from '../../platform/http/page.js';
import { OwnershipMisuseError, type Owner } from './owner.js';

/** The numeric columns of `E` (TypeORM's PickKeysByType, which its index does not export). */
type NumericColumn<E> = string & keyof { [P in keyof E as E[P] extends number ? P : never]: E[P] };

/** A row that belongs to one user. */
export interface OwnedEntity {
  id: string;
  ownerId: string;
}

/**
 * The data access of an owner-scoped resource. Every method takes the {@link Owner} and puts the
 * ownership condition into the query itself; nothing here reads or writes a row without it, and
 * the repository it wraps is out of reach. An owner from a route declared for another resource
 * is refused, so `@OwnerScoped('note')` means the notes of the caller and nothing else.
 */
export class OwnedRepository<E extends OwnedEntity> {
  constructor(
    private readonly resource: string,
    private readonly rows: Repository<E>,
  ) {}

  /** Through save(): the write path that runs entity subscribers (encrypted columns). */
  async create(owner: Owner, fields: Omit<DeepPartial<E>, 'id' | 'ownerId'>): Promise<E> {
    const row = this.rows.create({ ...fields, ownerId: this.ownerId(owner) } as DeepPartial<E>);
    return this.rows.save(row);
  }

  /**
   * Creates a row for the owner once `check` has passed, in one transaction during which the
   * owner's other `createExclusive` calls on this table wait: for per-owner limits (a quota, a
   * count) that parallel requests must not overrun. `check` reads through the transaction.
   */
  async createExclusive(
    owner: Owner,
    fields: Omit<DeepPartial<E>, 'id' | 'ownerId'>,
    check: (rows: OwnedRepository<E>) => Promise<void>,
  ): Promise<E> {
    const lock = `${this.rows.metadata.tableName}:${this.ownerId(owner)}`;
    return this.rows.manager.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lock]);
      const rows = new OwnedRepository<E>(
        this.resource,
        manager.getRepository<E>(this.rows.target),
      );
      await check(rows);
      return rows.create(owner, fields);
    });
  }

  async find(owner: Owner, id: string): Promise<E | null> {
    return this.rows.findOne({ where: this.scoped(owner, id) });
  }

  /** A page of the owner's rows and the count of all of them; ties broken by id (stable pages). */
  async page(owner: Owner, request: PageRequest, order: FindOptionsOrder<E>): Promise<Page<E>> {
    const direction = Object.values(order).at(-1) as FindOptionsOrder<E>[keyof E];
    const [items, total] = await this.rows.findAndCount({
      where: this.scoped(owner),
      order: { ...order, id: direction },
      skip: request.offset,
      take: request.limit,
    });
    return pageOf(items, total, request);
  }

  /** All of the owner's rows that also match `filter` (which cannot override the owner). */
  async list(owner: Owner, filter: FindOptionsWhere<E>, order: FindOptionsOrder<E>): Promise<E[]> {
    return this.rows.find({ where: { ...filter, ...this.scoped(owner) }, order });
  }

  async count(owner: Owner, filter: FindOptionsWhere<E> = {}): Promise<number> {
    return this.rows.count({ where: { ...filter, ...this.scoped(owner) } });
  }

  /** The sum of a numeric column over the owner's rows; 0 when there are none. */
  async sum(owner: Owner, column: NumericColumn<E>): Promise<number> {
    return (await this.rows.sum(column, this.scoped(owner))) ?? 0;
  }

  /**
   * Locks the owner's row, applies `change` and saves it, in one transaction: save() inserts a
   * row it does not find, which would bring back a row deleted between the read and the write;
   * the lock makes that delete wait, or win and answer null.
   */
  async update(owner: Owner, id: string, change: (row: E) => void): Promise<E | null> {
    const where = this.scoped(owner, id);
    return this.rows.manager.transaction(async (manager) => {
      const rows = manager.getRepository<E>(this.rows.target);
      const row = await rows.findOne({ where, lock: { mode: 'pessimistic_write' } });
      if (row === null) {
        return null;
      }
      change(row);
      return rows.save(row);
    });
  }

  /** False when the owner has no such row. */
  async delete(owner: Owner, id: string): Promise<boolean> {
    const result = await this.rows.delete(this.scoped(owner, id));
    return result.affected === 1;
  }

  /** Whether `id` is a row of someone else: for the audit trail only, never for an answer. */
  async heldByAnother(owner: Owner, id: string): Promise<boolean> {
    return this.rows.exists({
      where: { id, ownerId: Not(this.ownerId(owner)) } as FindOptionsWhere<E>,
    });
  }

  private scoped(owner: Owner, id?: string): FindOptionsWhere<E> {
    const ownerId = this.ownerId(owner);
    return (id === undefined ? { ownerId } : { id, ownerId }) as FindOptionsWhere<E>;
  }

  private ownerId(owner: Owner): string {
    if (owner.resource !== this.resource) {
      throw new OwnershipMisuseError(
        `a route declared @OwnerScoped('${owner.resource}') reached ${this.resource} data`,
      );
    }
    return owner.userId;
  }
}
