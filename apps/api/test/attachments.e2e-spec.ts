import { randomBytes, randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { systemClock } from '../src/platform/clock/clock.js';
import { ClamdClient, parseClamdUrl } from '../src/security/malware-scan/clamd.client.js';
import { Attachment as AttachmentEntity } from '../src/resources/notes/attachments/attachment.entity.js';
import { AttachmentFiles } from '../src/resources/notes/attachments/attachment-files.js';
import { AttachmentScanner } from '../src/resources/notes/attachments/attachment-scanner.js';
import { KeyRotationService } from '../src/security/field-encryption/key-rotation.service.js';
import { DownloadLinks } from '../src/resources/notes/attachments/download-links.js';
import { OrphanSweeper } from '../src/resources/notes/attachments/orphan-sweeper.js';
import { allEncryptedColumns } from '../src/security/field-encryption/encrypted-columns.js';
import { jsonOf, pdf, pngOf, postRaw, uploadTo } from './support/attachments.js';
import { auditEventsOf } from './support/audit-events.js';
import { EICAR, startClamd, type PrivateClamd } from './support/clamd.js';
import { send, signedInUser, uniqueEmail } from './support/identity.js';
import { expectProblem, type ProblemBody } from './support/problem.js';
import { CLAMD, POSTGRES, describeWith } from './support/requirements.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { testDatabases } from './support/test-database.js';

interface Attachment {
  readonly id: string;
  readonly noteId: string;
  readonly name: string;
  readonly mediaType: string;
  readonly size: number;
  readonly status: string;
}

interface Link {
  readonly url: string;
  readonly expiresAt: string;
}

const MAX_BYTES = 20_000;
const QUOTA_BYTES = 50_000;
const MAX_PER_NOTE = 3;

const withoutRequestId = ({ requestId: _requestId, ...rest }: ProblemBody): object => rest;

describeWith(CLAMD).each(testDatabases())('attachments on $kind', (database) => {
  let clamd: PrivateClamd;
  let api: TestApp;
  let storeDir: string;
  let owner: string;
  let stranger: string;

  const note = async (token: string): Promise<string> =>
    (
      await jsonOf<{ id: string }>(
        send(api, 'POST', '/notes', { title: 't', body: 'b' }, token),
        201,
      )
    ).id;
  const upload = (noteId: string, content: Buffer, name: string, token = owner) =>
    uploadTo(api, noteId, token, content, name);
  const attach = (noteId: string, content: Buffer, name: string, token = owner) =>
    jsonOf<Attachment>(upload(noteId, content, name, token), 201);
  const linkOf = (noteId: string, id: string, token = owner) =>
    jsonOf<Link>(
      send(api, 'POST', `/notes/${noteId}/attachments/${id}/link`, undefined, token),
      201,
    );
  const get = (url: string, token = owner) =>
    fetch(`${api.url}${url}`, { headers: { authorization: `Bearer ${token}` } });
  const storedObjects = (): string[] => (existsSync(storeDir) ? readdirSync(storeDir) : []);
  const row = async (id: string) =>
    (
      await api.app
        .get(DataSource)
        .query<{ storage_key: string; data_key_encrypted: string; status: string }[]>(
          'SELECT storage_key, data_key_encrypted, status FROM attachments WHERE id = $1',
          [id],
        )
    )[0];

  beforeAll(async () => {
    clamd = await startClamd();
    storeDir = mkdtempSync(join(tmpdir(), 'bulwark-files-'));
    rmSync(storeDir, { recursive: true });
    api = await startTestApp({
      database,
      env: {
        CLAMD_URL: clamd.url,
        FILE_STORE_DIR: storeDir,
        ATTACHMENT_MAX_BYTES: String(MAX_BYTES),
        ATTACHMENT_QUOTA_BYTES: String(QUOTA_BYTES),
        ATTACHMENT_MAX_PER_NOTE: String(MAX_PER_NOTE),
      },
    });
    owner = (await signedInUser(api, uniqueEmail('attachments-owner'))).accessToken;
    stranger = (await signedInUser(api, uniqueEmail('attachments-stranger'))).accessToken;
  });

  afterAll(async () => {
    await api.close();
    await clamd.stop();
    rmSync(storeDir, { recursive: true, force: true });
  });

  it('accepts a clean PNG and PDF, typed by their bytes, and stores them encrypted in a private directory', async () => {
    const noteId = await note(owner);
    const png = pngOf(5_000);
    const image = await attach(noteId, png, '../../etc/\u202Egnp.exe');
    const document = await attach(noteId, pdf(), 'report.PDF');

    expect(image).toMatchObject({ mediaType: 'image/png', size: png.length, status: 'clean' });
    expect(image.name).toBe('gnp.exe.png');
    expect(document).toMatchObject({ mediaType: 'application/pdf', name: 'report.PDF' });
    const listed = await jsonOf<{ items: Attachment[] }>(
      send(api, 'GET', `/notes/${noteId}/attachments`, undefined, owner),
      200,
    );
    expect(listed.items.map((item) => item.id)).toEqual([image.id, document.id]);

    const stored = await row(image.id);
    expect(stored?.data_key_encrypted).toMatch(/^ef1:/);
    const object = join(storeDir, stored?.storage_key ?? '');
    expect(statSync(storeDir).mode & 0o777).toBe(0o700);
    expect(statSync(object).mode & 0o777).toBe(0o600);
    const ciphertext = readFileSync(object);
    expect(ciphertext.includes(png.subarray(0, 16))).toBe(false);
    expect(ciphertext.includes(Buffer.from('Comment'))).toBe(false);
  });

  it('serves a clean file through a link, as an attachment nothing renders', async () => {
    const noteId = await note(owner);
    const png = pngOf(3_000);
    const { id } = await attach(noteId, png, 'photo.png');
    const link = await linkOf(noteId, id);
    expect(Date.parse(link.expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);

    const response = await get(link.url);

    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(png)).toBe(true);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(png.length),
      'content-disposition': `attachment; filename="photo.png"; filename*=UTF-8''photo.png`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': 'sandbox',
      'cache-control': 'no-store',
      'accept-ranges': 'none',
    });
  });

  it('refuses a PDF carrying EICAR, keeps nothing of it, and audits the scan result', async () => {
    const noteId = await note(owner);
    const before = storedObjects();
    const infected = Buffer.concat([pdf(), EICAR, Buffer.from('\n')]);

    const response = await upload(noteId, infected, 'invoice.pdf');

    const problem = await expectProblem(response, 422);
    expect(problem.type).toBe('urn:bulwark:problem:attachment-infected');
    expect(storedObjects()).toEqual(before);
    const listed = await jsonOf<{ items: unknown[] }>(
      send(api, 'GET', `/notes/${noteId}/attachments`, undefined, owner),
      200,
    );
    expect(listed.items).toEqual([]);
    const events = await auditEventsOf(api, [response.headers.get('x-request-id') ?? '']);
    expect(events.map((event) => [event.event, event.outcome])).toEqual([
      ['upload_stored', 'success'],
      ['upload_validation', 'failure'],
    ]);
    expect(events[1]?.metadata.result).toBe('infected');
    expect(events[1]?.metadata.signature).toMatch(/^Eicar-Test-Signature/);
  });

  it('refuses the bare EICAR file before scanning: it is no allowed type', async () => {
    const noteId = await note(owner);
    await expectProblem(await upload(noteId, EICAR, 'eicar.pdf'), 415);
  });

  it('hears clamd flag the bare EICAR file by its hash', async () => {
    const scanner = new ClamdClient(parseClamdUrl(clamd.url), 5_000);
    const verdict = await scanner.scan(Readable.from([EICAR]));
    expect(verdict.infected && verdict.signature).toMatch(/^Eicar-Test-Signature/);
    await expect(scanner.scan(Readable.from([pdf()]))).resolves.toEqual({ infected: false });
  });

  it.each([
    [
      'HTML named .png',
      Buffer.from('<!doctype html><html><script>alert(1)</script></html>'),
      'x.png',
      'image/png',
    ],
    [
      'an SVG',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      'x.svg',
      'image/svg+xml',
    ],
    ['plain text', Buffer.from('just words\n'), 'x.txt', 'text/plain'],
    ['a ZIP named .pdf', Buffer.from('504b0304140000000000', 'hex'), 'x.pdf', 'application/pdf'],
  ])('refuses %s, whatever its name and Content-Type say', async (_case, content, name, type) => {
    const noteId = await note(owner);
    const before = storedObjects();

    const problem = await expectProblem(
      await uploadTo(api, noteId, owner, content, name, type),
      415,
    );

    expect(problem.type).toBe('urn:bulwark:problem:attachment-type-not-allowed');
    expect(storedObjects()).toEqual(before);
  });

  it('refuses a file over the per-file limit with 413, and keeps nothing of it', async () => {
    const noteId = await note(owner);
    const before = storedObjects();

    const problem = await expectProblem(await upload(noteId, pngOf(MAX_BYTES + 1), 'big.png'), 413);

    expect(problem).toMatchObject({
      type: 'urn:bulwark:problem:upload-too-large',
      limitBytes: MAX_BYTES,
    });
    expect(storedObjects()).toEqual(before);
  });

  it("refuses an upload past the user's quota with 413, and past the note's count with 409", async () => {
    const token = (await signedInUser(api, uniqueEmail('attachments-quota'))).accessToken;
    const [first, second] = [await note(token), await note(token)];
    await attach(first, pngOf(MAX_BYTES - 1_000), 'a.png', token);
    await attach(first, pngOf(MAX_BYTES - 1_000), 'b.png', token);

    const overQuota = await expectProblem(
      await upload(second, pngOf(MAX_BYTES - 1_000), 'c.png', token),
      413,
    );
    expect(overQuota).toMatchObject({
      type: 'urn:bulwark:problem:attachment-quota-exceeded',
      quotaBytes: QUOTA_BYTES,
    });

    await attach(first, pngOf(500), 'c.png', token);
    const full = await expectProblem(await upload(first, pngOf(500), 'd.png', token), 409);
    expect(full.type).toBe('urn:bulwark:problem:note-attachment-limit');
  });

  it.each([
    ['a JSON body', 'application/json', '{"file":"x"}', 415],
    ['a body of another type', 'application/octet-stream', 'x', 415],
    ['multipart with no parts', 'multipart/form-data; boundary=b', '--b--\r\n', 400],
    [
      'a field instead of the file',
      'multipart/form-data; boundary=b',
      '--b\r\nContent-Disposition: form-data; name="file"\r\n\r\nx\r\n--b--\r\n',
      400,
    ],
    [
      'a file under another name',
      'multipart/form-data; boundary=b',
      '--b\r\nContent-Disposition: form-data; name="upload"; filename="a.pdf"\r\n\r\n%PDF-1.4\r\n--b--\r\n',
      400,
    ],
    [
      'a multipart body cut short',
      'multipart/form-data; boundary=b',
      '--b\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF',
      400,
    ],
    ['multipart without a boundary', 'multipart/form-data', 'x', 400],
  ])('answers %s with a problem, never a 500', async (_case, contentType, body, status) => {
    const noteId = await note(owner);
    await expectProblem(await postRaw(api, noteId, owner, contentType, body), status);
  });

  it('refuses a second part after the file, and keeps nothing of the file', async () => {
    const noteId = await note(owner);
    const before = storedObjects();
    const form = new FormData();
    form.append('file', new Blob([pdf()]), 'a.pdf');
    form.append('extra', 'x');

    const response = await fetch(`${api.url}/notes/${noteId}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner}` },
      body: form,
    });

    await expectProblem(response, 400);
    expect(storedObjects()).toEqual(before);
  });

  it('refuses multipart bodies on JSON routes', async () => {
    const form = new FormData();
    form.append('title', 't');
    const response = await fetch(`${api.url}/notes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner}` },
      body: form,
    });
    await expectProblem(response, 415);
  });

  it("answers another user's note and attachments exactly as missing ones (404), and changes nothing", async () => {
    const noteId = await note(owner);
    const { id } = await attach(noteId, pdf(), 'a.pdf');
    const attempts = [
      (note: string) => send(api, 'GET', `/notes/${note}/attachments`, undefined, stranger),
      (note: string, file: string) =>
        send(api, 'DELETE', `/notes/${note}/attachments/${file}`, undefined, stranger),
      (note: string, file: string) =>
        send(api, 'POST', `/notes/${note}/attachments/${file}/link`, undefined, stranger),
      (note: string) => uploadTo(api, note, stranger, pdf(), 'a.pdf'),
    ];
    for (const attempt of attempts) {
      const foreign = await expectProblem(await attempt(noteId, id), 404);
      const missing = await expectProblem(await attempt(randomUUID(), randomUUID()), 404);
      expect(withoutRequestId(foreign)).toEqual(withoutRequestId(missing));
    }
    const strangersNote = await note(stranger);
    await expectProblem(
      await send(api, 'DELETE', `/notes/${strangersNote}/attachments/${id}`, undefined, stranger),
      404,
    );
    expect((await row(id))?.status).toBe('clean');
  });

  it("refuses a tampered, expired or another user's link with one and the same answer", async () => {
    const noteId = await note(owner);
    const { id } = await attach(noteId, pdf(), 'a.pdf');
    const { url } = await linkOf(noteId, id);
    const link = new URL(url, api.url);
    const signature = link.searchParams.get('signature') ?? '';
    const expires = Number(link.searchParams.get('expires'));
    const withQuery = (query: Record<string, string>): string =>
      `${link.pathname}?${new URLSearchParams(query).toString()}`;
    const flipped = `${signature.slice(0, -2)}${signature.at(-2) === 'A' ? 'B' : 'A'}${signature.at(-1)}`;
    const me = await jsonOf<{ id: string }>(send(api, 'GET', '/users/me', undefined, owner), 200);
    const past = new DownloadLinks(api.config, () => systemClock() - 3_600_000).sign(id, me.id);
    const otherFile = await attach(noteId, pdf(), 'b.pdf');

    const refusals = [
      get(withQuery({ expires: String(expires), signature: flipped })),
      get(withQuery({ expires: String(expires + 3600), signature })),
      get(withQuery({ expires: String(expires), signature: 'garbage' })),
      get(`/attachments/${otherFile.id}/content?${link.searchParams.toString()}`),
      get(url, stranger),
    ];
    const bodies = [];
    for (const refusal of refusals) {
      bodies.push(withoutRequestId(await expectProblem(await refusal, 404)));
    }
    // The expired link is authentic: signed with the API's own key, an hour ago.
    bodies.push(
      withoutRequestId(
        await expectProblem(
          await get(withQuery({ expires: String(past.expires), signature: past.signature })),
          404,
        ),
      ),
    );
    expect(new Set(bodies.map((body) => JSON.stringify(body))).size).toBe(1);
    expect(bodies[0]).toMatchObject({ type: 'urn:bulwark:problem:download-link-invalid' });
    expect((await get(url)).status).toBe(200);
  });

  it('deletes the stored contents with the attachment, and with the note', async () => {
    const noteId = await note(owner);
    const first = await attach(noteId, pdf(), 'a.pdf');
    const second = await attach(noteId, pngOf(), 'b.png');
    const keys = [(await row(first.id))?.storage_key, (await row(second.id))?.storage_key];

    const deleted = await send(
      api,
      'DELETE',
      `/notes/${noteId}/attachments/${first.id}`,
      undefined,
      owner,
    );
    expect(deleted.status).toBe(204);
    expect(storedObjects()).not.toContain(keys[0]);
    expect(storedObjects()).toContain(keys[1]);

    expect((await send(api, 'DELETE', `/notes/${noteId}`, undefined, owner)).status).toBe(204);
    expect(storedObjects()).not.toContain(keys[1]);
    expect(await row(second.id)).toBeUndefined();
  });

  it('sweeps stored files no row names, once they are older than the grace period', async () => {
    const noteId = await note(owner);
    await attach(noteId, pdf(), 'kept.pdf');
    const [orphan, fresh] = [randomBytes(16).toString('hex'), randomBytes(16).toString('hex')];
    writeFileSync(join(storeDir, orphan), 'left by a crash');
    writeFileSync(join(storeDir, `${fresh}.partial`), 'an upload in progress');
    const anHourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(join(storeDir, orphan), anHourAgo, anHourAgo);
    const others = storedObjects().filter((name) => name !== orphan);

    const report = await api.app.get(OrphanSweeper).sweep(30 * 60_000);

    expect(report.deleted).toBe(1);
    expect(storedObjects().sort()).toEqual(others.sort());
  });

  it('puts the data keys under key rotation, like every encrypted column', () => {
    const columns = allEncryptedColumns(api.app.get(DataSource)).map(
      (column) => `${column.table}.${column.column}`,
    );
    expect(columns).toContain('attachments.data_key_encrypted');
  });

  it('reports the scanner in readiness', async () => {
    const body = (await (await fetch(`${api.url}/health/ready`)).json()) as { uploads: unknown };
    expect(body.uploads).toEqual({ fileStore: 'up', malwareScanner: 'up' });
  });
});

describeWith(CLAMD)('attachments while the scanner is down', () => {
  let api: TestApp;
  let socketDir: string;
  let token: string;

  beforeAll(async () => {
    socketDir = mkdtempSync(join(tmpdir(), 'bulwark-clamd-down-'));
    api = await startTestApp({ env: { CLAMD_URL: `unix:${join(socketDir, 'clamd.sock')}` } });
    token = (await signedInUser(api, uniqueEmail('attachments-down'))).accessToken;
  });

  afterAll(async () => {
    await api.close();
    rmSync(socketDir, { recursive: true, force: true });
  });

  it('keeps uploads pending and never serves them, until a rescan finds them clean', async () => {
    const noteId = (
      await jsonOf<{ id: string }>(
        send(api, 'POST', '/notes', { title: 't', body: 'b' }, token),
        201,
      )
    ).id;
    const pending = await jsonOf<Attachment>(uploadTo(api, noteId, token, pdf(), 'a.pdf'), 201);
    expect(pending.status).toBe('pending');
    const refused = await send(
      api,
      'POST',
      `/notes/${noteId}/attachments/${pending.id}/link`,
      undefined,
      token,
    );
    expect((await expectProblem(refused, 409)).type).toBe(
      'urn:bulwark:problem:attachment-not-downloadable',
    );
    const ready = await fetch(`${api.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { uploads: unknown }).uploads).toEqual({
      fileStore: 'up',
      malwareScanner: 'down',
    });

    const clamd = await startClamd(socketDir);
    try {
      await api.app.get(AttachmentScanner).rescanPending(new Date(Date.now() + 1_000), 10);
    } finally {
      await clamd.stop();
    }

    const listed = await jsonOf<{ items: Attachment[] }>(
      send(api, 'GET', `/notes/${noteId}/attachments`, undefined, token),
      200,
    );
    expect(listed.items[0]?.status).toBe('clean');
    await jsonOf<Link>(
      send(api, 'POST', `/notes/${noteId}/attachments/${pending.id}/link`, undefined, token),
      201,
    );
  });
});

describeWith(POSTGRES)('attachments under key rotation', () => {
  let api: TestApp;
  let storeDir: string;

  beforeAll(async () => {
    storeDir = mkdtempSync(join(tmpdir(), 'bulwark-files-rotation-'));
    api = await startTestApp({
      database: { kind: 'postgres', adminUrl: process.env.TEST_DATABASE_URL ?? '' },
      env: { FILE_STORE_DIR: storeDir },
    });
  });

  afterAll(async () => {
    await api.close();
    rmSync(storeDir, { recursive: true, force: true });
  });

  it('re-wraps data keys on key rotation, and the stored files read back under the new key', async () => {
    const token = (await signedInUser(api, uniqueEmail('attachments-rotation'))).accessToken;
    const noteId = (
      await jsonOf<{ id: string }>(
        send(api, 'POST', '/notes', { title: 't', body: 'b' }, token),
        201,
      )
    ).id;
    const png = pngOf(2_000);
    const { id } = await jsonOf<Attachment>(uploadTo(api, noteId, token, png, 'rotated.png'), 201);
    const { fieldEncryption } = api.config.keyRings;
    // A second instance on the same database and store, whose active key is a new one.
    const rotated = await startTestApp({
      env: { DATABASE_URL: api.config.database.url ?? '', FILE_STORE_DIR: storeDir },
      configure: (config) => ({
        ...config,
        keyRings: {
          ...api.config.keyRings,
          fieldEncryption: {
            activeKeyId: 'k2',
            keys: [...fieldEncryption.keys, { id: 'k2', key: randomBytes(32) }],
          },
        },
      }),
    });
    try {
      await rotated.app.get(KeyRotationService).rotate(100, () => undefined);
      const rows = await rotated.app
        .get(DataSource)
        .query<{ data_key_encrypted: string }[]>(
          'SELECT data_key_encrypted FROM attachments WHERE id = $1',
          [id],
        );
      expect(rows[0]?.data_key_encrypted).toMatch(/^ef1:k2:/);
      const attachment = await rotated.app
        .get(DataSource)
        .getRepository(AttachmentEntity)
        .findOneByOrFail({ id });
      const content = await buffer(await rotated.app.get(AttachmentFiles).read(attachment));
      expect(content.equals(png)).toBe(true);
    } finally {
      await rotated.close();
    }
  });
});
