import type { ExecutionContext } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import {
  Authenticated,
  OwnerScoped,
} from '../../platform/route-access/authorization.decorators.js';
import { Owner, OwnershipMisuseError } from './owner.js';

function contextOf(
  controller: new () => { handle(): void },
  user?: { userId: string },
): ExecutionContext {
  return {
    getHandler: () => (controller.prototype as { handle: () => void }).handle,
    getClass: () => controller,
    switchToHttp: () => ({ getRequest: () => ({ user }) }),
  } as unknown as ExecutionContext;
}

@OwnerScoped('note')
class NotesLike {
  handle(): void {}
}

class Mixed {
  @OwnerScoped('invoice')
  handle(): void {}
}

@Authenticated()
class AccountLike {
  handle(): void {}
}

describe(Owner.name, () => {
  it("is the authenticated caller, for the resource the route's @OwnerScoped names", () => {
    expect(Owner.ofRequest(contextOf(NotesLike, { userId: 'u-1' }))).toMatchObject({
      userId: 'u-1',
      resource: 'note',
    });
    expect(Owner.ofRequest(contextOf(Mixed, { userId: 'u-2' }))).toMatchObject({
      resource: 'invoice',
    });
  });

  it('is refused on a route not declared @OwnerScoped', () => {
    expect(() => Owner.ofRequest(contextOf(AccountLike, { userId: 'u-1' }))).toThrow(
      OwnershipMisuseError,
    );
  });

  it('is refused before authentication', () => {
    expect(() => Owner.ofRequest(contextOf(NotesLike))).toThrow(OwnershipMisuseError);
  });
});
