import { createServer, type Server } from 'node:https';
import { generate } from 'selfsigned';
import { afterEach, describe, expect, it } from 'vitest';
import type { Check } from '../check.js';
import { suiteContext, type SuiteOptions } from '../suite-context.js';
import { TRANSPORT_CHECKS } from './transport.checks.js';

const servers: Server[] = [];

afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

/** An https server whose certificate names `altName` and expires in `days`. */
async function serve(altName: { type: 2; value: string } | { type: 7; ip: string }, days: number) {
  const notBeforeDate = new Date();
  const pems = await generate([{ name: 'commonName', value: 'bulwark.test' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + days * 86_400_000),
    extensions: [{ name: 'subjectAltName', altNames: [altName] }],
  });
  const server = createServer(
    { cert: pems.cert, key: pems.private, minVersion: 'TLSv1.2' },
    (_request, response) => {
      response.writeHead(200, { 'strict-transport-security': 'max-age=31536000' }).end();
    },
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { url: new URL(`https://127.0.0.1:${String(port)}`), ca: pems.cert };
}

function context(target: SuiteOptions['target']) {
  return suiteContext({
    target,
    document: { paths: {} },
    accounts: undefined,
    admin: undefined,
    budget: 0,
    seed: 1,
    minDays: 14,
    timingSamples: 1,
    timingBoundMs: 25,
    floodMax: 1,
    docsAllowed: true,
    slowMs: 5_000,
    bodyLimitBytes: 1024,
  });
}

function check(id: string): Check {
  const found = TRANSPORT_CHECKS.find((candidate) => candidate.id === id);
  if (found === undefined) {
    throw new Error(`No check ${id}`);
  }
  return found;
}

describe('transport checks', () => {
  it('fails transport.certificate for a chain nobody trusts and a host name it does not name', async () => {
    const { url } = await serve({ type: 2, value: 'bulwark.test' }, 90);

    const verdict = await check('transport.certificate').run(context({ url }));

    expect(verdict).toEqual({
      status: 'fail',
      findings: [
        'chain: DEPTH_ZERO_SELF_SIGNED_CERT',
        expect.stringMatching(/IP: 127\.0\.0\.1 is not in the cert's list/),
      ],
    });
  });

  it('passes transport.certificate for a trusted chain that names the host', async () => {
    const { url, ca } = await serve({ type: 7, ip: '127.0.0.1' }, 90);

    await expect(check('transport.certificate').run(context({ url, ca }))).resolves.toEqual({
      status: 'pass',
    });
  });

  it('fails transport.certificate-expiry at the threshold and passes above it', async () => {
    const soon = await serve({ type: 7, ip: '127.0.0.1' }, 15);
    const later = await serve({ type: 7, ip: '127.0.0.1' }, 16);

    const expiry = check('transport.certificate-expiry');

    await expect(expiry.run(context(soon))).resolves.toEqual({
      status: 'fail',
      findings: [expect.stringMatching(/^14 days left, threshold 14/)],
    });
    await expect(expiry.run(context(later))).resolves.toEqual({
      status: 'pass',
      note: '15 days left',
    });
  });

  it('skips every transport check for a plain http target, saying why', async () => {
    const plain = context({ url: new URL('http://127.0.0.1:9') });

    const verdicts = await Promise.all(TRANSPORT_CHECKS.map((transport) => transport.run(plain)));

    expect(verdicts.map((verdict) => verdict.status)).toEqual(TRANSPORT_CHECKS.map(() => 'skip'));
    const [first] = verdicts;
    expect(first?.status === 'skip' ? first.reason : first?.status).toMatch(
      /not applicable: the target is plain http/,
    );
  });
});
