import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pdfOfSize, startClamd } from '@bulwark/api/testing';
import { FROM_SOURCE, startApi, stopProcess, UNLIMITED } from './api-process.js';

/**
 * Attachments against plain @fastify/multipart, in one run, paired per round:
 *  1. upload and download MB/s of a 10 MB PDF: POST /notes/:id/attachments (streamed, type check,
 *     AES-256-GCM chunks, local store, ClamAV INSTREAM scan) and GET through a signed link
 *     (decrypt, authenticate), against a route that pipes the part to disk and one that streams
 *     the file back;
 *  2. the API's peak RSS over its RSS before, sampled every 20 ms during a 100 MB upload: a flat
 *     line says the file is streamed, never held whole.
 * Needs clamd (apt-get install clamav-daemon): its own, on a private socket, one signature.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SIZE_MB = 10;
const LARGE_MB = 100;
const MB = 1024 * 1024;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

function startBaseline(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...FROM_SOURCE, 'src/upload-baseline-server.ts'], {
    cwd: join(import.meta.dirname, '..'),
  });
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const match = /Listening on (http:\/\/[\d.:]+)/.exec(chunk);
      if (match?.[1] !== undefined) {
        resolve({ child, url: match[1] });
      }
    });
    child.once('exit', (code) => {
      reject(new Error(`baseline exited with ${String(code)}`));
    });
  });
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

async function timed(work: () => Promise<Response>): Promise<number> {
  const start = performance.now();
  const response = await work();
  await response.arrayBuffer();
  if (!response.ok) {
    throw new Error(`HTTP ${response.status}`);
  }
  return (performance.now() - start) / 1000;
}

function form(content: Buffer): FormData {
  const body = new FormData();
  body.append('file', new Blob([content]), 'bench.pdf');
  return body;
}

const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-bench-uploads-'));
const clamd = await startClamd();
const api = await startApi({
  dataDir,
  logLevel: 'warn',
  env: {
    ...UNLIMITED,
    CLAMD_URL: clamd.url,
    UNSAFE_ALLOW_UNVERIFIED_LOGIN: 'true',
    ATTACHMENT_MAX_BYTES: String(200 * MB),
    ATTACHMENT_QUOTA_BYTES: String(1024 * MB),
    ATTACHMENT_MAX_PER_NOTE: '1000',
    BODY_LIMIT_BYTES: String(1024 * 1024),
  },
});
const baseline = await startBaseline();
try {
  const email = `bench-${Date.now()}@example.com`;
  const password = 'bench uploads correct horse staple';
  const json = { 'content-type': 'application/json' };
  await fetch(`${api.url}/auth/register`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ email, password }),
  });
  let token = '';
  for (let attempt = 0; attempt < 40 && token === ''; attempt += 1) {
    const login = await fetch(`${api.url}/auth/login`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email, password }),
    });
    token = login.ok ? ((await login.json()) as { accessToken: string }).accessToken : '';
    await sleep(token === '' ? 250 : 0);
  }
  const auth = { authorization: `Bearer ${token}` };
  const note = (await (
    await fetch(`${api.url}/notes`, {
      method: 'POST',
      headers: { ...auth, ...json },
      body: JSON.stringify({ title: 'bench', body: '' }),
    })
  ).json()) as { id: string };

  const file = pdfOfSize(SIZE_MB * MB);
  const rows: Record<string, number[]> = {
    'upload api': [],
    'upload baseline': [],
    'download api': [],
    'download baseline': [],
  };
  for (let round = 0; round < ROUNDS; round += 1) {
    let attachmentId = '';
    rows['upload api']?.push(
      await timed(async () => {
        const response = await fetch(`${api.url}/notes/${note.id}/attachments`, {
          method: 'POST',
          headers: auth,
          body: form(file),
        });
        attachmentId = ((await response.clone().json()) as { id: string }).id;
        return response;
      }),
    );
    rows['upload baseline']?.push(
      await timed(() => fetch(`${baseline.url}/upload`, { method: 'POST', body: form(file) })),
    );
    const link = (await (
      await fetch(`${api.url}/notes/${note.id}/attachments/${attachmentId}/link`, {
        method: 'POST',
        headers: auth,
      })
    ).json()) as { url: string };
    rows['download api']?.push(
      await timed(() => fetch(`${api.url}${link.url}`, { headers: auth })),
    );
    rows['download baseline']?.push(await timed(() => fetch(`${baseline.url}/download`)));
  }
  const mbps = Object.fromEntries(
    Object.entries(rows).map(([name, seconds]) => [name, SIZE_MB / median(seconds)]),
  );
  process.stdout.write(`${SIZE_MB} MB file, median of ${ROUNDS} paired rounds (MB/s):\n`);
  for (const [name, value] of Object.entries(mbps)) {
    process.stdout.write(`  ${name.padEnd(18)} ${value.toFixed(1)}\n`);
  }
  process.stdout.write(
    `  upload ratio api/baseline ${((mbps['upload api'] ?? 0) / (mbps['upload baseline'] ?? 1)).toFixed(2)}, download ratio ${((mbps['download api'] ?? 0) / (mbps['download baseline'] ?? 1)).toFixed(2)}\n`,
  );

  const pid = api.process.pid ?? 0;
  const large = pdfOfSize(LARGE_MB * MB);
  const before = rssOf(pid);
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssOf(pid));
  }, 20);
  const upload = await fetch(`${api.url}/notes/${note.id}/attachments`, {
    method: 'POST',
    headers: auth,
    body: form(large),
  });
  clearInterval(sampler);
  if (!upload.ok) {
    throw new Error(`100 MB upload: HTTP ${upload.status} ${await upload.text()}`);
  }
  process.stdout.write(
    `${LARGE_MB} MB upload: API RSS ${(before / MB).toFixed(0)} MB before, peak ${(peak / MB).toFixed(0)} MB (delta ${((peak - before) / MB).toFixed(1)} MB)\n`,
  );
} finally {
  await stopProcess(api.process, 10_000);
  await stopProcess(baseline.child, 5_000);
  await clamd.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
