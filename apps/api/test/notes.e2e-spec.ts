import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEventsOf } from './support/audit-events.js';
import { NOTE_SORTS } from '../src/resources/notes/note.types.js';
import { itKeepsObjectsToTheirOwners } from './support/cross-user.js';
import { send, signedInUser, type Tokens } from './support/identity.js';
import { captureLogs, type LogCapture } from './support/log-capture.js';
import { expectProblem, type ProblemBody } from './support/problem.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { testDatabases } from './support/test-database.js';

interface Note {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

interface NotePage {
  readonly items: readonly Note[];
  readonly limit: number;
  readonly offset: number;
  readonly total: number;
}

interface NoteRow {
  readonly owner_id: string;
  readonly title: string;
  readonly body_encrypted: string;
}

interface Caller {
  readonly id: string;
  readonly accessToken: string;
}

const uniqueEmail = (label: string): string => `${label}-${randomUUID()}@example.com`;

const invalidNames = (problem: ProblemBody): string[] =>
  (problem.invalidParams as { name: string }[]).map((param) => param.name);

const withoutRequestId = ({ requestId: _requestId, ...rest }: ProblemBody): object => rest;

async function json<T>(pending: Response | Promise<Response>, status: number): Promise<T> {
  const response = await pending;
  expect(response.status, await response.clone().text()).toBe(status);
  return (await response.json()) as T;
}

describe.each(testDatabases())('notes on $kind', (database) => {
  let api: TestApp;
  let sql: DataSource;
  let logs: LogCapture;

  const caller = async (label: string): Promise<Caller> => {
    const { accessToken }: Tokens = await signedInUser(api, uniqueEmail(label));
    const me = await json<{ id: string }>(
      send(api, 'GET', '/users/me', undefined, accessToken),
      200,
    );
    return { id: me.id, accessToken };
  };
  const call = (who: Caller, method: string, path: string, body?: unknown): Promise<Response> =>
    send(api, method, path, body, who.accessToken);
  const create = (who: Caller, title: string, body = `body of ${title}`): Promise<Note> =>
    json<Note>(call(who, 'POST', '/notes', { title, body }), 201);
  const list = (who: Caller, query = ''): Promise<NotePage> =>
    json<NotePage>(call(who, 'GET', `/notes${query}`), 200);
  const row = async (id: string): Promise<NoteRow | undefined> => {
    const rows = await sql.query<NoteRow[]>(
      'SELECT owner_id, title, body_encrypted FROM notes WHERE id = $1',
      [id],
    );
    return rows[0];
  };

  beforeAll(async () => {
    logs = captureLogs();
    api = await startTestApp({ database, logger: logs.logger });
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

    it('creates, reads, updates and deletes a note, each change audited', async () => {
      const created = await call(ada, 'POST', '/notes', { title: 'Groceries', body: 'Milk' });
      const note = await json<Note>(created, 201);
      expect(Object.keys(note).sort()).toEqual(['body', 'createdAt', 'id', 'title', 'updatedAt']);
      expect(note).toMatchObject({ title: 'Groceries', body: 'Milk' });
      expect(note.updatedAt).toBe(note.createdAt);
      await expect(json(call(ada, 'GET', `/notes/${note.id}`), 200)).resolves.toEqual(note);

      const retitled = await call(ada, 'PATCH', `/notes/${note.id}`, { title: 'Shopping' });
      const afterTitle = await json<Note>(retitled, 200);
      expect(afterTitle).toMatchObject({ id: note.id, title: 'Shopping', body: 'Milk' });
      expect(afterTitle.createdAt).toBe(note.createdAt);
      expect(Date.parse(afterTitle.updatedAt)).toBeGreaterThanOrEqual(Date.parse(note.updatedAt));
      // Microseconds, which the millisecond timestamps of the response may not tell apart.
      const [times] = await sql.query<{ updated: boolean }[]>(
        'SELECT updated_at > created_at AS updated FROM notes WHERE id = $1',
        [note.id],
      );
      expect(times).toEqual({ updated: true });
      const sealedBefore = (await row(note.id))?.body_encrypted;

      const rewritten = await call(ada, 'PATCH', `/notes/${note.id}`, { body: 'Milk, eggs' });
      const afterBody = await json<Note>(rewritten, 200);
      expect(afterBody).toMatchObject({ title: 'Shopping', body: 'Milk, eggs' });
      expect((await row(note.id))?.body_encrypted).not.toBe(sealedBefore);
      await expect(json(call(ada, 'GET', `/notes/${note.id}`), 200)).resolves.toEqual(afterBody);

      const deleted = await call(ada, 'DELETE', `/notes/${note.id}`);
      expect(deleted.status).toBe(204);
      await expectProblem(await call(ada, 'GET', `/notes/${note.id}`), 404);
      await expectProblem(await call(ada, 'DELETE', `/notes/${note.id}`), 404);
      expect(await row(note.id)).toBeUndefined();

      const requests = [created, retitled, rewritten, deleted].map(
        (response) => response.headers.get('x-request-id') ?? '',
      );
      const events = await auditEventsOf(api, requests);
      expect(
        events.map(({ event, outcome, actor, target, metadata }) => ({
          event,
          outcome,
          actor,
          target,
          metadata,
        })),
      ).toEqual([
        {
          event: 'sensitive_create',
          outcome: 'success',
          actor: ada.id,
          target: `note:${note.id}`,
          metadata: {},
        },
        {
          event: 'sensitive_update',
          outcome: 'success',
          actor: ada.id,
          target: `note:${note.id}`,
          metadata: { fields: ['title'] },
        },
        {
          event: 'sensitive_update',
          outcome: 'success',
          actor: ada.id,
          target: `note:${note.id}`,
          metadata: { fields: ['body'] },
        },
        {
          event: 'sensitive_delete',
          outcome: 'success',
          actor: ada.id,
          target: `note:${note.id}`,
          metadata: {},
        },
      ]);
      expect(JSON.stringify(events)).not.toMatch(/Milk|Groceries|Shopping/);
    });

    it('changes nothing, and records nothing, for an empty PATCH', async () => {
      const note = await create(ada, 'Unchanged');
      const sealed = (await row(note.id))?.body_encrypted;
      const response = await call(ada, 'PATCH', `/notes/${note.id}`, {});
      await expect(json(response, 200)).resolves.toEqual(note);
      expect((await row(note.id))?.body_encrypted).toBe(sealed);
      await expect(
        auditEventsOf(api, [response.headers.get('x-request-id') ?? '']),
      ).resolves.toEqual([]);
    });

    it('stores the body encrypted and never as plaintext', async () => {
      const body = 'The vault code is 4-8-15-16-23-42';
      const note = await create(ada, 'Secrets', body);
      const stored = await row(note.id);
      expect(stored).toMatchObject({ owner_id: ada.id, title: 'Secrets' });
      expect(stored?.body_encrypted).toMatch(/^ef1:/);
      const dump = JSON.stringify(await sql.query('SELECT * FROM notes WHERE id = $1', [note.id]));
      expect(dump).not.toContain('vault');
      expect(dump).not.toContain('4-8-15-16-23-42');
    });

    it('refuses, at the database, a plaintext body or a title the API would refuse', async () => {
      const note = await create(ada, 'Guarded');
      for (const statement of [
        `UPDATE notes SET body_encrypted = 'plaintext' WHERE id = $1`,
        `UPDATE notes SET title = '' WHERE id = $1`,
        `UPDATE notes SET title = repeat('x', 201) WHERE id = $1`,
      ]) {
        await expect(sql.query(statement, [note.id])).rejects.toThrow();
      }
      await expect(json(call(ada, 'GET', `/notes/${note.id}`), 200)).resolves.toEqual(note);
    });

    it('accepts a 200-character title and a 10 000-character body, in code points', async () => {
      const title = '🙂'.repeat(200);
      const body = 'é'.repeat(9_999) + '🙂';
      const note = await create(ada, title, body);
      await expect(json(call(ada, 'GET', `/notes/${note.id}`), 200)).resolves.toMatchObject({
        title,
        body,
      });
      await expect(create(ada, 'Empty body', '')).resolves.toMatchObject({ body: '' });
    });
  });

  describe('a body moved to another row', () => {
    it('fails to decrypt: a generic 500, no plaintext of either note', async () => {
      const mallory = await caller('mallory');
      const source = await create(mallory, 'Source', 'source plaintext');
      const target = await create(mallory, 'Target', 'target plaintext');
      await sql.query(
        'UPDATE notes SET body_encrypted = (SELECT body_encrypted FROM notes WHERE id = $1) WHERE id = $2',
        [source.id, target.id],
      );
      const requestIds: string[] = [];
      for (const path of [`/notes/${target.id}`, '/notes']) {
        const response = await call(mallory, 'GET', path);
        requestIds.push(response.headers.get('x-request-id') ?? '');
        const text = await response.clone().text();
        expect(withoutRequestId(await expectProblem(response, 500))).toEqual({
          type: 'about:blank',
          title: 'Internal Server Error',
          status: 500,
        });
        expect(text).not.toContain('plaintext');
        expect(text).not.toContain(target.id);
      }
      await expect(json(call(mallory, 'GET', `/notes/${source.id}`), 200)).resolves.toEqual(source);
      // The operator learns which row failed, from the audit trail and the error log.
      await expect
        .poll(async () =>
          (await auditEventsOf(api, requestIds)).map((row) => ({
            event: row.event,
            target: row.target,
          })),
        )
        .toEqual(
          requestIds.map(() => ({
            event: 'crypt_decrypt_fail',
            target: `notes.body_encrypted:${target.id}`,
          })),
        );
      expect(logs.text()).toContain(`notes.body_encrypted of row ${target.id} failed to decrypt`);
      expect(logs.text()).not.toMatch(/source plaintext|target plaintext/);
    });
  });

  describe('another user', () => {
    let ada: Caller;
    let bob: Caller;
    let adaNote: Note;

    beforeAll(async () => {
      ada = await caller('ada');
      bob = await caller('bob');
      adaNote = await create(ada, "Ada's plans", 'Analytical engine');
      await create(bob, "Bob's list");
    });

    itKeepsObjectsToTheirOwners(
      () => ({ api, ownerToken: ada.accessToken, strangerToken: bob.accessToken }),
      {
        collection: '/notes',
        create: async () => (await create(ada, "Ada's secret", 'Analytical engine')).id,
        update: { method: 'PATCH', body: { title: 'Pwned', body: 'Pwned' } },
        stored: row,
      },
    );

    it('never lists them, whatever the sort or page', async () => {
      for (const query of ['', '?sort=title', '?sort=-updatedAt&limit=100', '?offset=0&limit=1']) {
        const page = await list(bob, query);
        expect(page.total).toBe(1);
        expect(page.items.map((note) => note.title)).toEqual(["Bob's list"]);
      }
    });

    it('cannot take a note over by sending ownerId', async () => {
      const problem = await expectProblem(
        await call(bob, 'PATCH', `/notes/${adaNote.id}`, { ownerId: bob.id }),
        400,
      );
      expect(invalidNames(problem)).toEqual(['ownerId']);
      await expect(row(adaNote.id)).resolves.toMatchObject({ owner_id: ada.id });
    });

    it("goes with its owner: deleting a user deletes the user's notes", async () => {
      const leaving = await caller('leaving');
      const note = await create(leaving, 'Soon gone');
      await sql.query('DELETE FROM users WHERE id = $1', [leaving.id]);
      expect(await row(note.id)).toBeUndefined();
    });
  });

  describe('listing', () => {
    const titles = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
    let carol: Caller;
    let notes: Note[];

    beforeAll(async () => {
      carol = await caller('carol');
      notes = [];
      // Out of alphabetical order, so that creation order and title order differ.
      for (const title of ['charlie', 'alpha', 'echo', 'bravo', 'delta']) {
        notes.push(await create(carol, title));
      }
      // The oldest note becomes the most recently updated.
      notes[0] = await json<Note>(
        call(carol, 'PATCH', `/notes/${notes[0]!.id}`, { body: 'new' }),
        200,
      );
    });

    const idsOf = (page: NotePage): string[] => page.items.map((note) => note.id);
    const titlesOf = (page: NotePage): string[] => page.items.map((note) => note.title);

    it('answers newest first, 20 at a time, with the total', async () => {
      const page = await list(carol);
      expect(page).toMatchObject({ limit: 20, offset: 0, total: 5 });
      expect(idsOf(page)).toEqual(notes.map((note) => note.id).reverse());
      expect(page.items[4]).toEqual(notes[0]);
    });

    it.each([
      ['title', titles],
      ['-title', [...titles].reverse()],
      ['createdAt', ['charlie', 'alpha', 'echo', 'bravo', 'delta']],
      ['-createdAt', ['delta', 'bravo', 'echo', 'alpha', 'charlie']],
      ['updatedAt', ['alpha', 'echo', 'bravo', 'delta', 'charlie']],
      ['-updatedAt', ['charlie', 'delta', 'bravo', 'echo', 'alpha']],
    ])('sorts by %s', async (sort, expected) => {
      expect(titlesOf(await list(carol, `?sort=${sort}`))).toEqual(expected);
    });

    it('pages with limit and offset, the total counting every note', async () => {
      const second = await list(carol, '?sort=title&limit=2&offset=2');
      expect(second).toMatchObject({ limit: 2, offset: 2, total: 5 });
      expect(titlesOf(second)).toEqual(['charlie', 'delta']);
      const last = await list(carol, '?sort=title&limit=2&offset=4');
      expect(titlesOf(last)).toEqual(['echo']);
      const beyond = await list(carol, '?limit=100&offset=5');
      expect(beyond).toEqual({ items: [], limit: 100, offset: 5, total: 5 });
    });

    const LIMIT = 'limit must be an integer from 1 to 100';
    const OFFSET = `offset must be an integer from 0 to ${String(Number.MAX_SAFE_INTEGER)}`;
    const SORT = `sort must be one of the following values: ${NOTE_SORTS.join(', ')}`;
    it.each([
      ['limit=101', 'limit', LIMIT],
      ['limit=0', 'limit', LIMIT],
      ['limit=-1', 'limit', LIMIT],
      ['limit=2.5', 'limit', LIMIT],
      ['limit=ten', 'limit', LIMIT],
      ['limit=1%20OR%201=1', 'limit', LIMIT],
      ['limit=1&limit=2', 'limit', LIMIT],
      ['offset=-1', 'offset', OFFSET],
      ['offset=1.5', 'offset', OFFSET],
      ['offset=1e20', 'offset', OFFSET],
      ['sort=ownerId', 'sort', SORT],
      ['sort=owner_id', 'sort', SORT],
      ['sort=-body', 'sort', SORT],
      ['sort=title%20DESC', 'sort', SORT],
      ['sort=title&sort=-title', 'sort', SORT],
      [
        'ownerId=00000000-0000-7000-8000-000000000000',
        'ownerId',
        'property ownerId should not exist',
      ],
    ])('refuses ?%s with 400 naming %s', async (query, name, reason) => {
      const problem = await expectProblem(await call(carol, 'GET', `/notes?${query}`), 400);
      expect(problem.invalidParams).toEqual([{ name, reason }]);
    });
  });

  describe('input', () => {
    let dan: Caller;
    let note: Note;

    beforeAll(async () => {
      dan = await caller('dan');
      note = await create(dan, 'Original');
    });

    it.each([
      ['ownerId', { title: 't', body: 'b', ownerId: randomUUID() }],
      ['id', { title: 't', body: 'b', id: randomUUID() }],
      ['createdAt', { title: 't', body: 'b', createdAt: '2000-01-01T00:00:00.000Z' }],
      ['updatedAt', { title: 't', body: 'b', updatedAt: '2000-01-01T00:00:00.000Z' }],
    ])('refuses a note created with %s (mass assignment)', async (field, body) => {
      const problem = await expectProblem(await call(dan, 'POST', '/notes', body), 400);
      expect(invalidNames(problem)).toEqual([field]);
      await expect(list(dan)).resolves.toMatchObject({ total: 1 });
    });

    it.each([
      ['ownerId', { ownerId: randomUUID() }],
      ['id', { id: randomUUID() }],
      ['createdAt', { title: 'New', createdAt: '2000-01-01T00:00:00.000Z' }],
    ])('refuses an update with %s, changing nothing', async (field, body) => {
      const problem = await expectProblem(await call(dan, 'PATCH', `/notes/${note.id}`, body), 400);
      expect(invalidNames(problem)).toEqual([field]);
      await expect(json(call(dan, 'GET', `/notes/${note.id}`), 200)).resolves.toEqual(note);
    });

    it.each([
      ['a missing title', { body: 'b' }, 'title'],
      ['a missing body', { title: 't' }, 'body'],
      ['an empty title', { title: '', body: 'b' }, 'title'],
      ['a title of 201 characters', { title: 'x'.repeat(201), body: 'b' }, 'title'],
      // 101 letters, each with a variation selector: 202 code points; class-validator counts 101.
      ['a title of 202 code points', { title: 'a\uFE0F'.repeat(101), body: 'b' }, 'title'],
      ['a title with a control character', { title: 'a\u0000b', body: 'b' }, 'title'],
      ['a title that is not a string', { title: 42, body: 'b' }, 'title'],
      ['a body of 10 001 characters', { title: 't', body: 'x'.repeat(10_001) }, 'body'],
      ['a null body', { title: 't', body: null }, 'body'],
    ])('refuses a note with %s', async (_label, body, field) => {
      const problem = await expectProblem(await call(dan, 'POST', '/notes', body), 400);
      expect(invalidNames(problem)).toContain(field);
    });

    it.each([
      ['a null title', { title: null }, 'title'],
      ['a null body', { body: null }, 'body'],
      ['an empty title', { title: '' }, 'title'],
      ['a body of 10 001 characters', { body: 'x'.repeat(10_001) }, 'body'],
    ])('refuses an update with %s, changing nothing', async (_label, body, field) => {
      const problem = await expectProblem(await call(dan, 'PATCH', `/notes/${note.id}`, body), 400);
      expect(invalidNames(problem)).toContain(field);
      await expect(json(call(dan, 'GET', `/notes/${note.id}`), 200)).resolves.toEqual(note);
    });

    it.each([
      ['GET', undefined],
      ['PATCH', { title: 't' }],
      ['DELETE', undefined],
    ])('refuses %s of an id that is not a UUID with 400', async (method, body) => {
      for (const id of ['42', 'not-a-uuid', `${note.id}x`]) {
        const problem = await expectProblem(await call(dan, method, `/notes/${id}`, body), 400);
        expect(invalidNames(problem)).toEqual(['id']);
      }
    });
  });

  it.each([
    ['POST', '/notes', { title: 't', body: 'b' }],
    ['GET', '/notes', undefined],
    ['GET', `/notes/${randomUUID()}`, undefined],
    ['PATCH', `/notes/${randomUUID()}`, { title: 't' }],
    ['DELETE', `/notes/${randomUUID()}`, undefined],
  ])('refuses %s %s without an access token with 401', async (method, path, body) => {
    const response = await send(api, method, path, body);
    await expectProblem(response, 401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });
});
