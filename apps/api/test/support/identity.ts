import { randomUUID } from 'node:crypto';
import { AccountWorkQueue } from '../../src/identity/accounts/account-work.queue.js';
import { latestMailedToken } from './outbox.js';
import type { TestApp } from './test-app.js';

export interface Tokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresIn: number;
}

/** An address no other test uses; `label` says in failures and rows which test made it. */
export function uniqueEmail(label: string): string {
  return `${label}-${randomUUID()}@example.com`;
}

/** A password the default policy accepts. */
export const GOOD_PASSWORD = 'correct horse battery staple';

/** Where an API answers: an application of this process, or a child process (api-process.ts). */
export type ApiEndpoint = Pick<TestApp, 'url'>;

/** JSON POST (or another method), with a bearer token when given. */
export function send(
  api: ApiEndpoint,
  method: string,
  path: string,
  body?: unknown,
  accessToken?: string,
): Promise<Response> {
  return fetch(`${api.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(accessToken === undefined ? {} : { authorization: `Bearer ${accessToken}` }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Waits for what register and forgot-password do after answering (mail, account rows). */
export function settle(api: TestApp): Promise<void> {
  return api.app.get(AccountWorkQueue).drain();
}

/** Registers `email` and follows the verification mail: a verified account, not logged in. */
export async function registerVerified(
  api: TestApp,
  email: string,
  password = GOOD_PASSWORD,
): Promise<void> {
  await expectStatus(send(api, 'POST', '/auth/register', { email, password }), 202);
  await settle(api);
  const token = latestMailedToken(api.config.dataDir, email, 'bev');
  await expectStatus(send(api, 'POST', '/auth/verify-email', { token }), 204);
}

export async function login(
  api: ApiEndpoint,
  email: string,
  password = GOOD_PASSWORD,
): Promise<Tokens> {
  const response = await expectStatus(send(api, 'POST', '/auth/login', { email, password }), 200);
  return (await response.json()) as Tokens;
}

/** A verified account, logged in once. */
export async function signedInUser(api: TestApp, email: string): Promise<Tokens> {
  await registerVerified(api, email);
  return login(api, email);
}

async function expectStatus(pending: Promise<Response>, status: number): Promise<Response> {
  const response = await pending;
  if (response.status !== status) {
    throw new Error(`Expected ${status}, got ${response.status}: ${await response.text()}`);
  }
  return response;
}
