import { randomUUID } from 'node:crypto';
import { AccountWorkQueue } from '../../src/identity/accounts/account-work.queue.js';
import { apiClient, type ApiEndpoint, type Tokens } from './api-client.js';
import { latestMailedToken } from './outbox.js';
import type { TestApp } from './test-app.js';

export type { ApiEndpoint, Tokens } from './api-client.js';

/** An address no other test uses; `label` says in failures and rows which test made it. */
export function uniqueEmail(label: string): string {
  return `${label}-${randomUUID()}@example.com`;
}

/** A password the default policy accepts. */
export const GOOD_PASSWORD = 'correct horse battery staple';

/** JSON POST (or another method), with a bearer token when given. */
export function send(
  api: ApiEndpoint,
  method: string,
  path: string,
  body?: unknown,
  accessToken?: string,
): Promise<Response> {
  return apiClient(api).send(method, path, body, accessToken);
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
  const client = apiClient(api);
  await expectStatus(client.register(email, password), 202);
  await settle(api);
  const token = latestMailedToken(api.config.dataDir, email, 'bev');
  await expectStatus(client.verifyEmail(token), 204);
}

export async function login(
  api: ApiEndpoint,
  email: string,
  password = GOOD_PASSWORD,
): Promise<Tokens> {
  const response = await expectStatus(apiClient(api).login(email, password), 200);
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
