import { createReadStream, createWriteStream, mkdtempSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import Fastify from 'fastify';

/**
 * The uploads baseline: plain @fastify/multipart streaming one file to disk, and the file streamed
 * back. No auth, no type check, no encryption, no scan: what the attachments routes add is the gap.
 */
const directory = mkdtempSync(join(tmpdir(), 'bulwark-bench-baseline-'));
const app = Fastify({ bodyLimit: 1024 ** 3 });
await app.register(multipart, { limits: { fileSize: 1024 ** 3, files: 1 } });

app.post('/upload', async (request) => {
  const file = await request.file();
  if (file === undefined) {
    throw new Error('no file');
  }
  await pipeline(file.file, createWriteStream(join(directory, 'file')));
  return { ok: true };
});

app.get('/download', async (_request, reply) => {
  const path = join(directory, 'file');
  const { size } = await stat(path);
  return reply
    .header('content-type', 'application/octet-stream')
    .header('content-length', String(size))
    .send(createReadStream(path));
});

await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const port = typeof address === 'object' && address !== null ? address.port : 0;
process.stdout.write(`Listening on http://127.0.0.1:${port}\n`);
