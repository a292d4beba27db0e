import { randomUUID } from 'node:crypto';
import { Controller, Get, Module } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MfaService } from '../src/identity/mfa/mfa.service.js';
import { buildOpenApiDocument } from '../src/access/openapi/openapi-document.js';
import { PasswordHasherService } from '../src/security/passwords/password-hasher.service.js';
import { SessionService } from '../src/identity/sessions/session.service.js';
import type { Role } from '../src/identity/users/user-role.entity.js';
import { UsersRepository } from '../src/identity/users/users.repository.js';
import { authenticatorCode } from './support/authenticator.js';
import { GOOD_PASSWORD, send } from './support/identity.js';
import { ROUTE_MATRIX, type Actor, type Expectation } from './route-matrix.js';
import { startTestApp, type TestApp } from './support/test-app.js';

@Controller('undeclared')
class UndeclaredController {
  @Get()
  open(): string {
    return 'served to anyone';
  }
}

@Module({ controllers: [UndeclaredController] })
class UndeclaredModule {}

describe('route declarations', () => {
  it('refuses to boot with a route that declares no authorization', async () => {
    await expect(startTestApp({ imports: [UndeclaredModule] })).rejects.toThrow(
      /without an authorization declaration.*UndeclaredController\.open/,
    );
  });
});

describe('route × actor matrix', () => {
  let api: TestApp;
  let routes: string[];
  const users = {} as Record<Exclude<Actor, 'anonymous'>, string>;

  async function createUser(email: string, roles: Role[]): Promise<string> {
    const passwordHash = await api.app.get(PasswordHasherService).hash(GOOD_PASSWORD);
    const user = await api.app
      .get(UsersRepository)
      .create({ email, passwordHash, emailVerifiedAt: new Date(), roles });
    return user.id;
  }

  /** A fresh session per request: some routes (logout) end the session they are called with. */
  async function tokenOf(actor: Actor): Promise<string | undefined> {
    if (actor === 'anonymous') {
      return undefined;
    }
    // The MFA state the login policy gives each.
    const mfa = {
      user: { verified: false, enrolmentRequired: false },
      auditor: { verified: true, enrolmentRequired: false },
      admin: { verified: true, enrolmentRequired: false },
      unenrolledAuditor: { verified: false, enrolmentRequired: true },
    }[actor];
    const client = { ip: '127.0.0.1', userAgent: 'route-matrix' };
    return (
      await api.app
        .get(SessionService)
        .start({ userId: users[actor], credentialVersion: 0 }, client, mfa)
    ).accessToken;
  }

  beforeAll(async () => {
    api = await startTestApp();
    routes = Object.entries(buildOpenApiDocument(api.app).paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    users.user = await createUser('matrix.user@example.com', ['user']);
    users.auditor = await createUser('matrix.auditor@example.com', ['user', 'auditor']);
    users.admin = await createUser('matrix.admin@example.com', ['user', 'admin']);
    users.unenrolledAuditor = await createUser('matrix.unenrolled@example.com', [
      'user',
      'auditor',
    ]);
    const mfa = api.app.get(MfaService);
    for (const actor of ['auditor', 'admin'] as const) {
      const { secret } = await mfa.startTotpSetup({
        id: users[actor],
        email: `${actor}@example.com`,
      });
      await mfa.confirmTotp(users[actor], authenticatorCode(secret, Date.now()));
    }
  });
  afterAll(async () => {
    await api.close();
  });

  it('lists every route of the application, and no route that is gone', () => {
    expect([...routes].sort()).toEqual(Object.keys(ROUTE_MATRIX).sort());
  });

  const actors: Actor[] = ['anonymous', 'user', 'auditor', 'admin', 'unenrolledAuditor'];
  it.each(Object.keys(ROUTE_MATRIX))('%s answers each actor as the matrix says', async (route) => {
    const [method = '', template = ''] = route.split(' ');
    const path = template.replace(/\{[^}]+\}/g, randomUUID());
    const outcomes: Record<string, Expectation> = {};
    for (const actor of actors) {
      const body = method === 'GET' || method === 'DELETE' ? undefined : {};
      const response = await send(api, method, path, body, await tokenOf(actor));
      outcomes[actor] =
        response.status === 401 || response.status === 403 ? response.status : 'allow';
    }
    expect(outcomes).toEqual(ROUTE_MATRIX[route]);
  });
});
