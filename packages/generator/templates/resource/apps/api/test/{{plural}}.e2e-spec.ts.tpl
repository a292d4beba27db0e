import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { {{Singular}}Dto, {{Singular}}PageDto } from '../src/resources/{{plural}}/dto/{{singular}}.dto.js';
import { bodyOf } from './support/api-client.js';
import { auditEventsOf } from './support/audit-events.js';
import { itKeepsObjectsToTheirOwners } from './support/cross-user.js';
import { send, signedInUser, uniqueEmail } from './support/identity.js';
import { expectProblem, type ProblemBody } from './support/problem.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { testDatabases } from './support/test-database.js';

interface StoredRow {
  readonly owner_id: string;
  readonly name: string;
  readonly details_encrypted: string;
}

interface Caller {
  readonly id: string;
  readonly accessToken: string;
}

const invalidNames = (problem: ProblemBody): string[] =>
  (problem.invalidParams as { name: string }[]).map((param) => param.name);

describe.each(testDatabases())('{{pluralWords}} on $kind', (database) => {
  let api: TestApp;
  let sql: DataSource;

  const caller = async (label: string): Promise<Caller> => {
    const { accessToken } = await signedInUser(api, uniqueEmail(label));
    const me = await bodyOf<{ id: string }>(send(api, 'GET', '/users/me', undefined, accessToken));
    return { id: me.id, accessToken };
  };
  const call = (who: Caller, method: string, path: string, body?: unknown): Promise<Response> =>
    send(api, method, path, body, who.accessToken);
  const create = (who: Caller, name: string, details = `details of ${name}`): Promise<{{Singular}}Dto> =>
    bodyOf<{{Singular}}Dto>(call(who, 'POST', '/{{plural}}', { name, details }), 201);
  const list = (who: Caller, query = ''): Promise<{{Singular}}PageDto> =>
    bodyOf<{{Singular}}PageDto>(call(who, 'GET', `/{{plural}}${query}`));
  const stored = async (id: string): Promise<StoredRow | undefined> => {
    const rows = await sql.query<StoredRow[]>(
      'SELECT owner_id, name, details_encrypted FROM {{table}} WHERE id = $1',
      [id],
    );
    return rows[0];
  };

  beforeAll(async () => {
    api = await startTestApp({ database });
    sql = api.app.get(DataSource);
  });
  afterAll(async () => {
    await api.close();
  });

  describe('for the owner', () => {
    let ada: Caller;

    beforeAll(async () => {
      ada = await caller('ada');
    });

    it('creates, reads, updates and deletes {{aSingular}}, each change audited', async () => {
      const created = await call(ada, 'POST', '/{{plural}}', { name: 'First', details: 'Secret' });
      const object = await bodyOf<{{Singular}}Dto>(created, 201);
      expect(Object.keys(object).sort()).toEqual(['createdAt', 'details', 'id', 'name', 'updatedAt']);
      expect(object).toMatchObject({ name: 'First', details: 'Secret' });
      await expect(bodyOf(call(ada, 'GET', `/{{plural}}/${object.id}`))).resolves.toEqual(object);

      const updated = await call(ada, 'PATCH', `/{{plural}}/${object.id}`, { details: 'Other' });
      await expect(bodyOf(updated)).resolves.toMatchObject({ name: 'First', details: 'Other' });

      const deleted = await call(ada, 'DELETE', `/{{plural}}/${object.id}`);
      expect(deleted.status).toBe(204);
      await expectProblem(await call(ada, 'GET', `/{{plural}}/${object.id}`), 404);
      expect(await stored(object.id)).toBeUndefined();

      const requests = [created, updated, deleted].map(
        (response) => response.headers.get('x-request-id') ?? '',
      );
      const events = await auditEventsOf(api, requests);
      expect(events.map(({ event, actor, target, metadata }) => ({ event, actor, target, metadata }))).toEqual([
        { event: 'sensitive_create', actor: ada.id, target: `{{singular}}:${object.id}`, metadata: {} },
        {
          event: 'sensitive_update',
          actor: ada.id,
          target: `{{singular}}:${object.id}`,
          metadata: { fields: ['details'] },
        },
        { event: 'sensitive_delete', actor: ada.id, target: `{{singular}}:${object.id}`, metadata: {} },
      ]);
      expect(JSON.stringify(events)).not.toMatch(/Secret|Other/);
    });

    it('stores the details encrypted and never as plaintext', async () => {
      const object = await create(ada, 'Vault', 'The code is 4-8-15-16-23-42');
      const row = await stored(object.id);
      expect(row).toMatchObject({ owner_id: ada.id, name: 'Vault' });
      expect(row?.details_encrypted).toMatch(/^ef1:/);
      expect(JSON.stringify(row)).not.toContain('4-8-15-16-23-42');
    });

    it('refuses, at the database, plaintext details or a name the API would refuse', async () => {
      const object = await create(ada, 'Guarded');
      for (const statement of [
        `UPDATE {{table}} SET details_encrypted = 'plaintext' WHERE id = $1`,
        `UPDATE {{table}} SET name = '' WHERE id = $1`,
        `UPDATE {{table}} SET name = repeat('x', 201) WHERE id = $1`,
      ]) {
        await expect(sql.query(statement, [object.id])).rejects.toThrow();
      }
    });

    it('lists newest first by default, sorts by name, pages with the total', async () => {
      const carol = await caller('carol');
      for (const name of ['bravo', 'alpha', 'charlie']) {
        await create(carol, name);
      }
      const names = (page: {{Singular}}PageDto): string[] => page.items.map((item) => item.name);
      expect(names(await list(carol))).toEqual(['charlie', 'alpha', 'bravo']);
      expect(names(await list(carol, '?sort=name'))).toEqual(['alpha', 'bravo', 'charlie']);
      const second = await list(carol, '?sort=-name&limit=2&offset=2');
      expect(second).toMatchObject({ limit: 2, offset: 2, total: 3 });
      expect(names(second)).toEqual(['alpha']);
    });
  });

  describe('another user', () => {
    let ada: Caller;
    let bob: Caller;

    beforeAll(async () => {
      ada = await caller('ada');
      bob = await caller('bob');
    });

    itKeepsObjectsToTheirOwners(
      () => ({ api, ownerToken: ada.accessToken, strangerToken: bob.accessToken }),
      {
        collection: '/{{plural}}',
        create: async () => (await create(ada, "Ada's", 'Analytical engine')).id,
        update: { method: 'PATCH', body: { name: 'Pwned', details: 'Pwned' } },
        stored,
      },
    );

    it('cannot take {{aSingular}} over by sending ownerId', async () => {
      const object = await create(ada, 'Mine');
      const problem = await expectProblem(
        await call(bob, 'PATCH', `/{{plural}}/${object.id}`, { ownerId: bob.id }),
        400,
      );
      expect(invalidNames(problem)).toEqual(['ownerId']);
      await expect(stored(object.id)).resolves.toMatchObject({ owner_id: ada.id });
    });
  });

  describe('input', () => {
    let dan: Caller;

    beforeAll(async () => {
      dan = await caller('dan');
    });

    it.each([
      ['ownerId', { name: 'n', details: 'd', ownerId: randomUUID() }],
      ['id', { name: 'n', details: 'd', id: randomUUID() }],
      ['createdAt', { name: 'n', details: 'd', createdAt: '2000-01-01T00:00:00.000Z' }],
      ['name', { details: 'd' }],
      ['name', { name: '', details: 'd' }],
      ['name', { name: 'x'.repeat(201), details: 'd' }],
      ['name', { name: 'a\u0000b', details: 'd' }],
      ['details', { name: 'n' }],
      ['details', { name: 'n', details: 'x'.repeat(10_001) }],
    ])('refuses to create with a bad %s (400)', async (field, body) => {
      const problem = await expectProblem(await call(dan, 'POST', '/{{plural}}', body), 400);
      expect(invalidNames(problem)).toContain(field);
      await expect(list(dan)).resolves.toMatchObject({ total: 0 });
    });

    it.each(['limit=101', 'offset=-1', 'sort=ownerId', 'sort=details'])('refuses ?%s (400)', async (query) => {
      await expectProblem(await call(dan, 'GET', `/{{plural}}?${query}`), 400);
    });

    it.each(['GET', 'PATCH', 'DELETE'])('refuses %s of an id that is not a UUID (400)', async (method) => {
      const problem = await expectProblem(await call(dan, method, '/{{plural}}/42', method === 'PATCH' ? { name: 'n' } : undefined), 400);
      expect(invalidNames(problem)).toEqual(['id']);
    });
  });

  it.each([
    ['POST', '/{{plural}}'],
    ['GET', '/{{plural}}'],
    ['GET', `/{{plural}}/${randomUUID()}`],
    ['PATCH', `/{{plural}}/${randomUUID()}`],
    ['DELETE', `/{{plural}}/${randomUUID()}`],
  ])('refuses %s %s without an access token (401)', async (method, path) => {
    await expectProblem(await send(api, method, path, method === 'GET' || method === 'DELETE' ? undefined : { name: 'n' }), 401);
  });
});
