import { call, jsonOf, upload } from '../../http-client.js';
import type { Operation } from '../../openapi.js';
import { Prng, seedFor } from '../../prng.js';
import { validObject, validValue } from '../../values.js';
import { accountsCheck, verdictOf, type Check, type TestAccounts, type Verdict } from '../check.js';
import { startSession } from '../sessions.js';
import type { SuiteContext } from '../suite-context.js';

// Fields a client must never set for itself; the API should refuse them as unknown.
const PRIVILEGED_FIELDS = {
  roles: ['admin'],
  role: 'admin',
  isAdmin: true,
  permissions: ['users:manage'],
  ownerId: '00000000-0000-4000-8000-000000000000',
  userId: '00000000-0000-4000-8000-000000000000',
  emailVerified: true,
  lockedAt: null,
};

const LAST_PARAMETER = /\/\{([^}]+)\}$/;
const FIRST_PARAMETER = /\/\{[^}]+\}/;
// A 1×1 PNG: the smallest file an upload route that checks magic bytes accepts as an image.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** Signed-in routes that look one object up by the id at the end of their path. */
export function ownerScopedOperations(operations: readonly Operation[]): Operation[] {
  return operations.filter(
    (operation) =>
      operation.authenticated &&
      !operation.needsPermission &&
      operation.statuses.includes('404') &&
      LAST_PARAMETER.test(operation.path),
  );
}

function bodyFor(operation: Operation, context: SuiteContext): unknown {
  return operation.body === undefined
    ? undefined
    : validObject(operation.body, new Prng(seedFor(context.seed, operation.id)));
}

function idsIn(value: unknown): string[] {
  const list = Array.isArray(value)
    ? value
    : typeof value === 'object' && value !== null
      ? Object.values(value).find(Array.isArray)
      : undefined;
  return (list ?? [])
    .map((item: unknown) => (item as { id?: unknown } | null)?.id)
    .filter((id): id is string => typeof id === 'string');
}

/**
 * `collection` with each path parameter replaced by an object of the owner's in the collection
 * before it (`/notes/{id}/attachments` → `/notes/<a note of theirs>/attachments`).
 */
async function ownersCollection(
  context: SuiteContext,
  token: string,
  collection: string,
  created: string[],
): Promise<string | undefined> {
  const parameter = FIRST_PARAMETER.exec(collection);
  if (parameter === null) {
    return collection;
  }
  const parent = collection.slice(0, parameter.index);
  const object = await ownersObject(context, token, parent, created);
  return object === undefined
    ? undefined
    : ownersCollection(
        context,
        token,
        `${object.collection}/${encodeURIComponent(object.id)}${collection.slice(parameter.index + parameter[0].length)}`,
        created,
      );
}

/**
 * An id of an object the owner holds under `collection`: one it creates (POST collection, with a
 * JSON body or an uploaded file; `created` lists it for deletion), else the first it lists.
 */
async function ownersObject(
  context: SuiteContext,
  token: string,
  template: string,
  created: string[],
): Promise<{ readonly collection: string; readonly id: string } | undefined> {
  const collection = await ownersCollection(context, token, template, created);
  if (collection === undefined) {
    return undefined;
  }
  const create = context.operations.find(
    (operation) => operation.method === 'POST' && operation.path === template,
  );
  if (create !== undefined) {
    const answer =
      create.fileField === undefined
        ? await call(context.target, 'POST', collection, {
            token,
            body: bodyFor(create, context),
          })
        : await upload(
            context.target,
            collection,
            { field: create.fileField, filename: 'probe.png', bytes: PNG },
            token,
          );
    const id = answer.status === 201 ? jsonOf<{ id?: unknown }>(answer).id : undefined;
    if (typeof id === 'string') {
      created.push(`${collection}/${id}`);
      return { collection, id };
    }
  }
  const list = await call(context.target, 'GET', collection, { token });
  const id = list.status === 200 ? idsIn(jsonOf<unknown>(list))[0] : undefined;
  return id === undefined ? undefined : { collection, id };
}

async function crossAccount(
  context: SuiteContext,
  { owner, other }: TestAccounts,
): Promise<Verdict> {
  const ownerSession = await startSession(context.target, owner);
  const otherSession = await startSession(context.target, other);
  const findings: string[] = [];
  const created: string[] = [];
  const uncovered: string[] = [];
  const operations = ownerScopedOperations(context.operations);
  // Reads first, deletes last: an object taken by a wrongful delete would hide later findings.
  const order = ['GET', 'PUT', 'PATCH', 'POST', 'DELETE'];
  operations.sort((a, b) => order.indexOf(a.method) - order.indexOf(b.method));
  for (const operation of operations) {
    const object = await ownersObject(
      context,
      ownerSession.accessToken,
      operation.path.replace(LAST_PARAMETER, ''),
      created,
    );
    if (object === undefined) {
      // A passkey, say, needs an authenticator to exist: nothing a black-box client can make.
      uncovered.push(operation.id);
      continue;
    }
    const { collection, id } = object;
    const path = `${collection}/${encodeURIComponent(id)}`;
    const answer = await call(context.target, operation.method, path, {
      token: otherSession.accessToken,
      body: bodyFor(operation, context),
    });
    if (answer.status !== 404) {
      findings.push(
        `${operation.method} ${path} by another account answered ${String(answer.status)}, not 404`,
      );
    }
  }
  // The most nested first: an attachment before its note.
  for (const path of created.reverse()) {
    await call(context.target, 'DELETE', path, { token: ownerSession.accessToken });
  }
  for (const session of [ownerSession, otherSession]) {
    await call(context.target, 'POST', '/auth/logout', { token: session.accessToken });
  }
  if (operations.length > 0 && uncovered.length === operations.length) {
    findings.push('no owner-scoped operation could be tried: the owner could make or list nothing');
  }
  const tried = `${String(operations.length - uncovered.length)} owner-scoped operations tried`;
  return verdictOf(
    findings,
    uncovered.length === 0
      ? tried
      : `${tried}; not tried, no object of the owner's could be made or listed: ${uncovered.join(', ')}`,
  );
}

async function massAssignment(context: SuiteContext, { owner }: TestAccounts): Promise<Verdict> {
  const session = await startSession(context.target, owner);
  // Credential and factor flows are left out: a request there changes a password or a factor.
  const writes = context.operations.filter(
    (operation) =>
      operation.authenticated &&
      !operation.needsPermission &&
      operation.body !== undefined &&
      !operation.path.startsWith('/auth/') &&
      !LAST_PARAMETER.test(operation.path),
  );
  const findings: string[] = [];
  for (const operation of writes) {
    const body = { ...(bodyFor(operation, context) as object), ...PRIVILEGED_FIELDS };
    const answer = await call(context.target, operation.method, operation.path, {
      token: session.accessToken,
      body,
    });
    if (answer.status < 400) {
      findings.push(
        `${operation.id} accepted ${Object.keys(PRIVILEGED_FIELDS).join(', ')} (${String(answer.status)})`,
      );
      const id = answer.status === 201 ? jsonOf<{ id?: unknown }>(answer).id : undefined;
      if (typeof id === 'string') {
        await call(context.target, 'DELETE', `${operation.path}/${id}`, {
          token: session.accessToken,
        });
      }
    }
  }
  const me = jsonOf<{ roles?: unknown }>(
    await call(context.target, 'GET', '/users/me', { token: session.accessToken }),
  );
  if (JSON.stringify(me.roles ?? []).includes('admin')) {
    findings.push(`the account now has the roles ${JSON.stringify(me.roles)}`);
  }
  await call(context.target, 'POST', '/auth/logout', { token: session.accessToken });
  return verdictOf(findings, `${String(writes.length)} operations tried`);
}

async function adminRoutes(context: SuiteContext, { owner }: TestAccounts): Promise<Verdict> {
  const session = await startSession(context.target, owner);
  const findings: string[] = [];
  const prng = new Prng(context.seed);
  const adminOperations = context.operations.filter((operation) => operation.needsPermission);
  for (const operation of adminOperations) {
    const path = operation.path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
      const parameter = operation.parameters.find((candidate) => candidate.name === name);
      return encodeURIComponent(String(validValue(parameter?.schema ?? { type: 'string' }, prng)));
    });
    const answer = await call(context.target, operation.method, path, {
      token: session.accessToken,
      body: bodyFor(operation, context),
    });
    if (answer.status !== 403 && answer.status !== 404) {
      findings.push(`${operation.method} ${path} by a user answered ${String(answer.status)}`);
    }
  }
  await call(context.target, 'POST', '/auth/logout', { token: session.accessToken });
  return verdictOf(findings, `${String(adminOperations.length)} admin operations tried`);
}

export const AUTHORIZATION_CHECKS: readonly Check[] = [
  accountsCheck(
    'Authorization',
    'authorization.cross-account',
    'Every owner-scoped route answers 404 to another account, for reads, updates and deletes',
    ['ASVS 5.0 8.2.2', 'API1:2023'],
    crossAccount,
  ),
  accountsCheck(
    'Authorization',
    'authorization.mass-assignment',
    'Privileged fields (roles, owner, verification) sent by a user are refused',
    ['ASVS 5.0 15.3.3', 'ASVS 5.0 8.2.3', 'API3:2023'],
    massAssignment,
  ),
  accountsCheck(
    'Authorization',
    'authorization.admin-routes',
    'Every administration route refuses a user without the permission',
    ['ASVS 5.0 8.2.1', 'API5:2023'],
    adminRoutes,
  ),
];
