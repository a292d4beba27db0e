import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { send, type ApiEndpoint } from './identity.js';
import { expectProblem, type ProblemBody } from './problem.js';

/** Two signed-in users: the owner of the objects, and anyone else. */
export interface CrossUserContext {
  readonly api: ApiEndpoint;
  readonly ownerToken: string;
  readonly strangerToken: string;
}

/** The routes of an owner-scoped resource, as {@link itKeepsObjectsToTheirOwners} attacks them. */
export interface OwnedResourceRoutes {
  /** The collection, e.g. `/notes`; objects are at `<collection>/<id>`; GET lists `{ items }`. */
  readonly collection: string;
  /** Creates one object as the owner (whose token it is given) and answers its id. */
  readonly create: (context: CrossUserContext) => Promise<string>;
  /** A change the owner would be allowed to make. */
  readonly update: { readonly method: 'PATCH' | 'PUT'; readonly body: unknown };
  /** What proves the object unchanged, read from the database (so no route can hide a change). */
  readonly stored: (id: string) => Promise<unknown>;
}

const withoutRequestId = ({ requestId: _requestId, ...rest }: ProblemBody): object => rest;

/**
 * Registers the tests every owner-scoped resource must pass: another user who reads, changes,
 * deletes or lists the owner's object gets exactly what a missing id gets (404, same problem),
 * learns nothing, and changes nothing.
 */
export function itKeepsObjectsToTheirOwners(
  context: () => CrossUserContext,
  routes: OwnedResourceRoutes,
): void {
  const attacks = [
    ['reads', 'GET', undefined],
    [`changes (${routes.update.method})`, routes.update.method, routes.update.body],
    ['deletes', 'DELETE', undefined],
  ] as const;

  it.each(attacks)(
    "another user who %s the owner's object gets the 404 of a missing id, and nothing changes",
    async (_attack, method, body) => {
      const { api, ownerToken, strangerToken } = context();
      const id = await routes.create(context());
      const before = await routes.stored(id);

      const foreign = await expectProblem(
        await send(api, method, `${routes.collection}/${id}`, body, strangerToken),
        404,
      );
      const missing = await expectProblem(
        await send(api, method, `${routes.collection}/${randomUUID()}`, body, strangerToken),
        404,
      );

      expect(withoutRequestId(foreign)).toEqual(withoutRequestId(missing));
      await expect(routes.stored(id)).resolves.toEqual(before);
      expect(
        (await send(api, 'GET', `${routes.collection}/${id}`, undefined, ownerToken)).status,
      ).toBe(200);
    },
  );

  it("another user's list never holds the owner's object", async () => {
    const { api, strangerToken } = context();
    const id = await routes.create(context());

    const response = await send(
      api,
      'GET',
      `${routes.collection}?limit=100`,
      undefined,
      strangerToken,
    );

    expect(response.status).toBe(200);
    const page = (await response.json()) as { items: readonly { id: string }[] };
    expect(page.items.map((item) => item.id)).not.toContain(id);
  });
}
