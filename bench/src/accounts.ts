import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { latestMailedToken } from '@bulwark/api/testing';
import type { ChildServer } from './api-process.js';

// Accounts for the benches that log in, created through the API as a user would.

/** One password for every bench account of this run. */
export const PASSWORD = `bench ${randomBytes(12).toString('base64url')} staple`;

export async function post(url: string, body: unknown, expected: number): Promise<Response> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== expected) {
    throw new Error(
      `POST ${url}: expected ${expected}, got ${response.status}: ${await response.text()}`,
    );
  }
  return response;
}

/** Registers and verifies an account through the mail the API writes to its outbox. */
export async function registerVerified(
  api: ChildServer,
  dataDir: string,
  email: string,
): Promise<void> {
  await post(`${api.url}/auth/register`, { email, password: PASSWORD }, 202);
  const deadline = performance.now() + 30_000;
  for (;;) {
    try {
      const token = latestMailedToken(dataDir, email, 'bev');
      await post(`${api.url}/auth/verify-email`, { token }, 204);
      return;
    } catch (error) {
      if (performance.now() > deadline) {
        throw error;
      }
      await sleep(50);
    }
  }
}

export async function accessToken(api: ChildServer, email: string): Promise<string> {
  const response = await post(`${api.url}/auth/login`, { email, password: PASSWORD }, 200);
  const { accessToken: token } = (await response.json()) as { accessToken: string };
  return token;
}
