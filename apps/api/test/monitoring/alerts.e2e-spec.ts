import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiClient } from '../support/api-client.js';
import { GOOD_PASSWORD, registerVerified, uniqueEmail } from '../support/identity.js';
import { metricsUrl } from '../support/metrics.js';
import { poll, startPrometheus, type PrivatePrometheus } from '../support/prometheus.js';
import { describeWith, PROMETHEUS } from '../support/requirements.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const TOKEN = 'prometheus-scrape-token-'.padEnd(40, 'x');
const BAN_THRESHOLD = 10;
// Three addresses of a botnet (TEST-NET-3), each trying a list of leaked addresses.
const BOTS = ['203.0.113.7', '203.0.113.8', '203.0.113.9'];

describeWith(PROMETHEUS)('alerts evaluated by a real Prometheus', () => {
  let api: TestApp;
  let prometheus: PrivatePrometheus;

  beforeAll(async () => {
    api = await startTestApp({
      env: {
        METRICS_PORT: '0',
        METRICS_TOKEN: TOKEN,
        // The bots' addresses arrive in X-Forwarded-For, as behind a load balancer.
        TRUSTED_PROXIES: '127.0.0.1',
        IP_BAN_DISTINCT_ACCOUNTS: String(BAN_THRESHOLD),
        THROTTLE_LOGIN: '1000/60',
      },
    });
    prometheus = await startPrometheus({ address: new URL(metricsUrl(api)).host, token: TOKEN });
    // A scrape from before the attack: what the alerts' increase() starts from.
    await prometheus.waitFor('bulwark_login_failures_total{job="bulwark"}', 30_000);
  });

  afterAll(async () => {
    await prometheus.stop();
    await api.close();
  });

  it('raises credential stuffing, IP bans and refresh-token reuse, and nothing else', async () => {
    for (const bot of BOTS) {
      const client = apiClient(api).with({ 'x-forwarded-for': bot });
      for (let i = 0; i < BAN_THRESHOLD; i += 1) {
        const response = await client.login(uniqueEmail('leaked'), 'Summer2024!');
        expect(response.status).toBe(401);
      }
      // The address is banned now.
      expect((await client.login(uniqueEmail('leaked'), 'Summer2024!')).status).toBe(403);
    }
    const email = uniqueEmail('reuse');
    await registerVerified(api, email);
    const client = apiClient(api);
    const tokens = (await (await client.login(email, GOOD_PASSWORD)).json()) as {
      refreshToken: string;
    };
    expect((await client.refresh(tokens.refreshToken)).status).toBe(200);
    expect((await client.refresh(tokens.refreshToken)).status).toBe(401);

    const expected = {
      BulwarkCredentialStuffing: ['pending', 'firing'],
      BulwarkIpBanSpike: ['firing'],
      BulwarkRefreshTokenReuse: ['firing'],
    } as Record<string, string[]>;
    let active: Record<string, string> = {};
    await poll(
      async () => {
        const alerts = await prometheus.alerts();
        active = Object.fromEntries(
          alerts.map((alert): [string, string] => [alert.labels.alertname ?? '', alert.state]),
        );
        return Object.entries(expected).every(([name, states]) =>
          states.includes(active[name] ?? ''),
        );
      },
      60_000,
      () => `expected ${JSON.stringify(expected)}, Prometheus has ${JSON.stringify(active)}`,
    );
    // Unknown accounts lock nothing, and every audit row was stored.
    expect(Object.keys(active).sort()).toEqual(Object.keys(expected).sort());
  });
});
