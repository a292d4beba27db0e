import type { ExecutionContext } from '@nestjs/common';
import type { Repository } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { OwnerScoped } from '../../platform/route-access/authorization.decorators.js';
import { OwnedRepository, type OwnedEntity } from './owned.repository.js';
import { Owner, OwnershipMisuseError } from './owner.js';

@OwnerScoped('note')
class NotesRoute {
  handle(): void {}
}

@OwnerScoped('invoice')
class InvoicesRoute {
  handle(): void {}
}

const ownerOn = (route: new () => { handle(): void }, userId: string): Owner =>
  Owner.ofRequest({
    getHandler: () => (route.prototype as { handle: () => void }).handle,
    getClass: () => route,
    switchToHttp: () => ({ getRequest: () => ({ user: { userId } }) }),
  } as unknown as ExecutionContext);

interface Row extends OwnedEntity {
  title: string;
}

/** Records the conditions of every query; rows never exist. */
function recordingRows() {
  const wheres: unknown[] = [];
  const rows = {
    target: 'rows',
    create: (fields: Row) => fields,
    save: (row: Row) => Promise.resolve(row),
    findOne: (options: { where: unknown }) => (wheres.push(options.where), Promise.resolve(null)),
    findAndCount: (options: { where: unknown }) => (
      wheres.push(options.where),
      Promise.resolve([[], 0])
    ),
    delete: (where: unknown) => (wheres.push(where), Promise.resolve({ affected: 0 })),
    exists: (options: { where: unknown }) => (wheres.push(options.where), Promise.resolve(false)),
    manager: {
      transaction: (work: (manager: unknown) => Promise<unknown>) =>
        work({ getRepository: () => rows }),
    },
  };
  return { rows: rows as unknown as Repository<Row>, wheres };
}

describe(OwnedRepository.name, () => {
  it("puts the caller's ownership into every query it makes", async () => {
    const { rows, wheres } = recordingRows();
    const notes = new OwnedRepository<Row>('note', rows);
    const ada = ownerOn(NotesRoute, 'ada');

    await notes.find(ada, 'n-1');
    await notes.page(ada, { limit: 10, offset: 0 }, { title: 'ASC' });
    await notes.update(ada, 'n-1', () => undefined);
    await notes.delete(ada, 'n-1');

    expect(wheres).toEqual([
      { id: 'n-1', ownerId: 'ada' },
      { ownerId: 'ada' },
      { id: 'n-1', ownerId: 'ada' },
      { id: 'n-1', ownerId: 'ada' },
    ]);
  });

  it('creates a row for the caller, whatever owner the fields try to name', async () => {
    const { rows } = recordingRows();
    const notes = new OwnedRepository<Row>('note', rows);
    const fields = { title: 't', ownerId: 'mallory' } as unknown as { title: string };

    await expect(notes.create(ownerOn(NotesRoute, 'ada'), fields)).resolves.toMatchObject({
      ownerId: 'ada',
    });
  });

  it('refuses an owner from a route declared for another resource', async () => {
    const { rows, wheres } = recordingRows();
    const notes = new OwnedRepository<Row>('note', rows);

    await expect(notes.find(ownerOn(InvoicesRoute, 'ada'), 'n-1')).rejects.toThrow(
      OwnershipMisuseError,
    );
    expect(wheres).toEqual([]);
  });
});
