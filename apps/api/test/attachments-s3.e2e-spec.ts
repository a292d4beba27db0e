import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FILE_STORE, type FileStore } from '../src/platform/file-store/file-store.js';
import { jsonOf, pngOf, uploadTo } from './support/attachments.js';
import { startClamd, type PrivateClamd } from './support/clamd.js';
import { send, signedInUser, uniqueEmail } from './support/identity.js';
import { CLAMD, describeWith } from './support/requirements.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const BUCKET = 'bulwark-attachments';
const PREFIX = 'attachments/';

/** Every file s3rver holds, by path under its directory (it keeps objects as files). */
function filesUnder(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' }).filter((path) =>
    statSync(join(directory, path)).isFile(),
  );
}

describeWith(CLAMD)('attachments in an S3-compatible bucket (s3rver)', () => {
  let s3: S3rver;
  let s3Dir: string;
  let clamd: PrivateClamd;
  let api: TestApp;
  let token: string;

  beforeAll(async () => {
    s3Dir = mkdtempSync(join(tmpdir(), 'bulwark-s3-'));
    s3 = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: s3Dir,
      configureBuckets: [{ name: BUCKET, configs: [] }],
    });
    const { port } = (await s3.run()) as { port: number };
    clamd = await startClamd();
    // s3rver's fixed credentials, read by the SDK's default chain like real ones would be.
    process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
    process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
    api = await startTestApp({
      env: {
        CLAMD_URL: clamd.url,
        FILE_STORE: 's3',
        FILE_STORE_S3_BUCKET: BUCKET,
        FILE_STORE_S3_ENDPOINT: `http://127.0.0.1:${port}`,
        FILE_STORE_S3_KMS_KEY_ID: 'alias/bulwark-attachments',
      },
    });
    token = (await signedInUser(api, uniqueEmail('attachments-s3'))).accessToken;
  });

  afterAll(async () => {
    await api.close();
    await clamd.stop();
    await s3.close();
    rmSync(s3Dir, { recursive: true, force: true });
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
  });

  it('stores only ciphertext in the bucket, serves the file back, and deletes it with the note', async () => {
    const noteId = (
      await jsonOf<{ id: string }>(
        send(api, 'POST', '/notes', { title: 't', body: 'b' }, token),
        201,
      )
    ).id;
    // Over one 5 MiB part: the upload goes up as a multipart upload.
    const png = pngOf(6 * 1024 * 1024);
    const before = filesUnder(s3Dir);
    const attachment = await jsonOf<{ id: string; status: string }>(
      uploadTo(api, noteId, token, png, 'big.png'),
      201,
    );
    expect(attachment.status).toBe('clean');

    const added = filesUnder(s3Dir).filter((path) => !before.includes(path));
    // s3rver keeps an object's bytes in `<key>._S3rver_object`, beside its metadata.
    const objects = added.filter(
      (path) => path.includes(PREFIX) && path.endsWith('._S3rver_object'),
    );
    expect(objects).toHaveLength(1);
    const stored = readFileSync(join(s3Dir, objects[0] ?? ''));
    expect(stored.length).toBeGreaterThan(png.length);
    expect(stored.includes(png.subarray(0, 64))).toBe(false);

    const { url } = await jsonOf<{ url: string }>(
      send(api, 'POST', `/notes/${noteId}/attachments/${attachment.id}/link`, undefined, token),
      201,
    );
    const download = await fetch(`${api.url}${url}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(png)).toBe(true);

    const keysBefore = await listedKeys(api.app.get<FileStore>(FILE_STORE));
    expect((await send(api, 'DELETE', `/notes/${noteId}`, undefined, token)).status).toBe(204);
    const keysAfter = await listedKeys(api.app.get<FileStore>(FILE_STORE));
    expect(keysBefore.length - keysAfter.length).toBe(1);
  });
});

async function listedKeys(store: FileStore): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of store.list()) {
    keys.push(object.key);
  }
  return keys;
}
