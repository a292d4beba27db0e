import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, registerVerified, uniqueEmail } from './support/identity.js';
import { expectProblem } from './support/problem.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('the login lockout', () => {
  let api: TestApp;

  beforeAll(async () => {
    // Behind a trusted proxy, X-Forwarded-For names the client, as a load balancer would.
    api = await startTestApp({
      env: { TRUSTED_PROXIES: '127.0.0.1/32', THROTTLE_LOGIN: '1000/60', IP_BAN_EXEMPT: '' },
    });
  });
  afterAll(async () => {
    await api.close();
  });

  const loginFrom = (client: string, email: string, password: string): Promise<Response> =>
    fetch(`${api.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
      body: JSON.stringify({ email, password }),
    });

  it('locks out the client that fails, never the owner signing in from elsewhere', async () => {
    const email = uniqueEmail('victim');
    await registerVerified(api, email);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await expectProblem(await loginFrom('198.51.100.66', email, 'guess'), 401);
    }
    // The attacker's client is locked, even with the right password…
    await expectProblem(await loginFrom('198.51.100.66', email, GOOD_PASSWORD), 429);
    // …but the owner, from another address, is not.
    expect((await loginFrom('203.0.113.5', email, GOOD_PASSWORD)).status).toBe(200);
  });

  it('counts an IPv6 client by its network: rotating addresses inside it dodges nothing', async () => {
    const email = uniqueEmail('rotating');
    await registerVerified(api, email);
    for (let host = 1; host <= 5; host += 1) {
      await expectProblem(await loginFrom(`2001:db8:77:1::${host}`, email, 'guess'), 401);
    }
    await expectProblem(await loginFrom('2001:db8:77:1::99', email, GOOD_PASSWORD), 429);
    expect((await loginFrom('2001:db8:77:2::1', email, GOOD_PASSWORD)).status).toBe(200);
  });
});
