import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, sessionToken, signedInAdmin } from './support/actors.js';
import { apiClient, bodyOf, type Note } from './support/api-client.js';
import { send } from './support/identity.js';
import { subjectOf } from './support/forged-tokens.js';
import { expectProblem } from './support/problem.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { testDatabases } from './support/test-database.js';

interface AuditRow {
  readonly event: string;
  readonly actor: string;
  readonly target: string | null;
  readonly metadata: Record<string, unknown>;
}

describe.each(testDatabases())('refusals in the audit trail on $kind (ASVS 16.3.3)', (database) => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp({ database });
  });
  afterAll(async () => {
    await api.close();
  });

  const eventsOf = (requestId: string | null): Promise<AuditRow[]> =>
    api.app
      .get(DataSource)
      .query<AuditRow[]>(
        'SELECT event, actor, target, metadata FROM audit_events WHERE request_id = $1 ORDER BY seq',
        [requestId],
      );

  it('records an attempt on another user’s note or session, answered like a missing one', async () => {
    const owner = await createUser(api, ['user'], 'owner');
    const intruder = await createUser(api, ['user'], 'intruder');
    const ownerToken = await sessionToken(api, owner, false);
    const intruderToken = await sessionToken(api, intruder, false);
    const note = await bodyOf(
      apiClient(api).send<Note>('POST', '/notes', { title: 't', body: 'secret' }, ownerToken),
      201,
    );

    for (const [method, path] of [
      ['GET', `/notes/${note.id}`],
      ['DELETE', `/notes/${note.id}`],
      ['DELETE', `/auth/sessions/${subjectOf(ownerToken).sessionId}`],
    ] as const) {
      const response = await send(api, method, path, undefined, intruderToken);
      await expectProblem(response, 404);
      expect(await eventsOf(response.headers.get('x-request-id'))).toEqual([
        expect.objectContaining({
          event: 'malicious_direct_reference',
          actor: intruder.id,
          target: path.startsWith('/notes')
            ? `note:${note.id}`
            : `session:${subjectOf(ownerToken).sessionId}`,
        }),
      ]);
    }
    // An id nobody holds is a plain miss: nothing to record.
    const unknown = await send(
      api,
      'GET',
      `/notes/${crypto.randomUUID()}`,
      undefined,
      intruderToken,
    );
    await expectProblem(unknown, 404);
    expect(await eventsOf(unknown.headers.get('x-request-id'))).toEqual([]);
  });

  it('records the business rules that refuse an admin: no self-grant, no removing the last admin', async () => {
    const admin = await signedInAdmin(api);
    const grant = await send(
      api,
      'PUT',
      `/admin/users/${admin.id}/roles`,
      { roles: ['user', 'admin', 'auditor'] },
      admin.accessToken,
    );
    await expectProblem(grant, 403);
    expect(await eventsOf(grant.headers.get('x-request-id'))).toEqual([
      expect.objectContaining({
        event: 'authz_fail',
        target: `user:${admin.id}`,
        metadata: { action: 'replace_roles', rule: 'ADMIN.SELF_GRANT' },
      }),
    ]);
    // The only admin of this database locking themselves out of it.
    const lock = await send(
      api,
      'POST',
      `/admin/users/${admin.id}/lock`,
      undefined,
      admin.accessToken,
    );
    await expectProblem(lock, 409);
    expect(await eventsOf(lock.headers.get('x-request-id'))).toEqual([
      expect.objectContaining({
        event: 'authz_fail',
        metadata: { action: 'lock', rule: 'ADMIN.LAST_ADMIN' },
      }),
    ]);
  });
});
