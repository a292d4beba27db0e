import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe as suite, expect, it } from 'vitest';
import { describe, judge } from '../src/findings.js';
import { fuzz } from '../src/fuzzer.js';
import { operationsOf } from '../src/openapi.js';
import { sendRaw } from '../src/raw-http.js';
import { startTargetApi, type TargetApi } from './support/target-api.js';

const DOCUMENT: unknown = JSON.parse(
  readFileSync(new URL('../../../apps/api/openapi.json', import.meta.url), 'utf8'),
);
const SEED = 20_240_601;
const BUDGET = 40;
const SLOW_MS = 5_000;

suite('OpenAPI fuzzer against the API', () => {
  let api: TargetApi | undefined;
  const target = (): TargetApi => {
    if (api === undefined) {
      throw new Error('The API did not start');
    }
    return api;
  };

  beforeAll(async () => {
    api = await startTargetApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it(`finds nothing wrong in ${String(BUDGET)} requests per documented operation (seed ${String(SEED)})`, async () => {
    const report = await fuzz({
      target: target().url,
      document: DOCUMENT,
      seed: SEED,
      budget: BUDGET,
      slowMs: SLOW_MS,
      bodyLimitBytes: 100 * 1024,
      user: target().user,
      admin: target().admin,
    });

    expect(report.requests).toBe(operationsOf(DOCUMENT).length * BUDGET);
    expect(report.neverAdmitted).toEqual([]);
    expect(report.findings.map(describe)).toEqual([]);
  });

  it('answers a rate-limited request with a 429 problem that says when to retry', async () => {
    const request = {
      method: 'POST',
      target: '/auth/password/forgot',
      headers: [['Content-Type', 'application/json']] as const,
      body: Buffer.from(JSON.stringify({ email: 'flooded@example.com' })),
    };
    const answers = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      answers.push(await sendRaw(target().url, request, SLOW_MS));
    }
    const refused = answers.at(-1);

    expect(refused?.kind === 'answer' ? refused.status : refused?.error).toBe(429);
    expect(
      refused?.kind === 'answer' ? Number(refused.headers.get('retry-after')) : 0,
    ).toBeGreaterThan(0);
    expect(refused === undefined ? 'no answer' : judge(refused, SLOW_MS)).toBeUndefined();
  });
});
