import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/support/free-port.js';
import {
  sha1Hex,
  startPwnedPasswordsServer,
  type PwnedPasswordsBehaviour,
  type PwnedPasswordsServer,
} from '../../../test/support/pwned-passwords-server.js';
import { writeDevCertificate } from '../../platform/tls/dev-certificate.js';
import {
  MAX_CONCURRENT_LOOKUPS,
  PwnedPasswordsClient,
  PwnedPasswordsUnavailableError,
} from './pwned-passwords.client.js';

const BREACHED = 'tulip garden in the rain 1987';
const CLEAN = 'a passphrase nobody has leaked';
// Long enough for a busy machine to answer; the impatient client keeps the hanging cases quick.
// What is asserted is the outcome, never the time.
const TIMEOUT_MS = 10_000;
const SHORT_TIMEOUT_MS = 300;

async function failure(pending: Promise<unknown>): Promise<PwnedPasswordsUnavailableError> {
  const error: unknown = await pending.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PwnedPasswordsUnavailableError);
  return error as PwnedPasswordsUnavailableError;
}

describe(PwnedPasswordsClient.name, () => {
  let server: PwnedPasswordsServer;
  let client: PwnedPasswordsClient;
  let impatient: PwnedPasswordsClient;

  beforeAll(async () => {
    server = await startPwnedPasswordsServer();
    server.breach(BREACHED, 42);
    server.pad(CLEAN);
    client = new PwnedPasswordsClient({ baseUrl: `${server.url}/`, timeoutMs: TIMEOUT_MS });
    impatient = new PwnedPasswordsClient({
      baseUrl: `${server.url}/`,
      timeoutMs: SHORT_TIMEOUT_MS,
    });
  });
  beforeEach(() => {
    server.behave('range');
    server.requests.length = 0;
  });
  afterAll(async () => {
    await server.close();
  });

  it('finds a password the range lists, and not one listed only as padding (seen 0 times)', async () => {
    expect(sha1Hex(BREACHED).slice(0, 5)).not.toBe(sha1Hex(CLEAN).slice(0, 5));
    await expect(client.isBreached(BREACHED)).resolves.toBe(true);
    await expect(client.isBreached(CLEAN)).resolves.toBe(false);
  });

  it('sends only the first 5 hex digits of the SHA-1, asking for padding, and nothing else of the password', async () => {
    await client.isBreached(BREACHED);
    await client.isBreached(CLEAN);

    expect(server.requests.map(({ method, url }) => `${method} ${url}`)).toEqual([
      `GET /range/${sha1Hex(BREACHED).slice(0, 5)}`,
      `GET /range/${sha1Hex(CLEAN).slice(0, 5)}`,
    ]);
    for (const [request, password] of [
      [server.requests[0], BREACHED],
      [server.requests[1], CLEAN],
    ] as const) {
      expect(request?.headers['add-padding']).toBe('true');
      const sent = request?.raw.toUpperCase() ?? '';
      expect(sent).not.toContain(sha1Hex(password).slice(5));
      expect(sent).not.toContain(sha1Hex(password).slice(0, 6));
      expect(sent).not.toContain(password.toUpperCase());
    }
  });

  it('resolves range/<prefix> under a base URL with a path', async () => {
    const mirror = new PwnedPasswordsClient({
      baseUrl: `${server.url}/mirror/`,
      timeoutMs: TIMEOUT_MS,
    });
    await failure(mirror.isBreached(CLEAN));
    expect(server.requests.map(({ url }) => url)).toEqual([
      `/mirror/range/${sha1Hex(CLEAN).slice(0, 5)}`,
    ]);
  });

  it.each<[PwnedPasswordsBehaviour, string, number | undefined]>([
    ['hang', 'timeout', undefined],
    ['hang-after-headers', 'timeout', undefined],
    ['error-500', 'status', 500],
    ['garbage', 'malformed', undefined],
    ['empty', 'malformed', undefined],
    ['oversize', 'too_large', undefined],
    ['redirect', 'network', undefined],
  ])(
    'fails with PwnedPasswordsUnavailableError when the server answers %s',
    async (behaviour, reason, detail) => {
      server.behave(behaviour);
      const error = await failure(
        (behaviour.startsWith('hang') ? impatient : client).isBreached(BREACHED),
      );
      expect(error.reason).toBe(reason);
      if (detail !== undefined) {
        expect(error.detail).toBe(detail);
      }
    },
  );

  it('follows no redirect', async () => {
    server.behave('redirect');
    await failure(client.isBreached(BREACHED));
    expect(server.requests).toHaveLength(1);
  });

  it('names the system error when nothing listens, never the URL', async () => {
    const closed = new PwnedPasswordsClient({
      baseUrl: `http://127.0.0.1:${await freePort()}/`,
      timeoutMs: TIMEOUT_MS,
    });
    const error = await failure(closed.isBreached(BREACHED));
    expect(error).toMatchObject({ reason: 'network', detail: 'ECONNREFUSED' });
    expect(error.message).not.toMatch(/127\.0\.0\.1|range/);
  });

  it('refuses a server whose certificate it cannot verify, before sending anything', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'bulwark-pwned-tls-'));
    const { certFile, keyFile } = await writeDevCertificate(directory);
    let requests = 0;
    const tls = createServer(
      { cert: readFileSync(certFile), key: readFileSync(keyFile) },
      (_request, response) => {
        requests += 1;
        response.end(`${sha1Hex(BREACHED).slice(5)}:1`);
      },
    );
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = tls.address() as AddressInfo;
      const untrusted = new PwnedPasswordsClient({
        baseUrl: `https://127.0.0.1:${port}/`,
        timeoutMs: TIMEOUT_MS,
      });
      const error = await failure(untrusted.isBreached(BREACHED));
      expect(error).toMatchObject({ reason: 'network', detail: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
      expect(requests).toBe(0);
    } finally {
      tls.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it(`refuses a lookup beyond ${MAX_CONCURRENT_LOOKUPS} in flight at once, without sending it`, async () => {
    server.behave('hang');
    const inFlight = Array.from({ length: MAX_CONCURRENT_LOOKUPS }, (_, index) =>
      failure(impatient.isBreached(`password number ${index}`)),
    );
    const refused = await failure(impatient.isBreached(BREACHED));
    expect(refused.reason).toBe('busy');
    const timedOut = await Promise.all(inFlight);
    expect(timedOut.map((error) => error.reason)).toEqual(Array.from(inFlight, () => 'timeout'));
    expect(server.requests.map(({ url }) => url)).not.toContain(
      `/range/${sha1Hex(BREACHED).slice(0, 5)}`,
    );
    // Once they are done, a lookup is sent again (and times out, as the server still hangs).
    expect((await failure(impatient.isBreached(BREACHED))).reason).toBe('timeout');
  });
});
