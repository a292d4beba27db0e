import { generateKey } from '@bulwark/field-encryption';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DataSource, getMetadataArgsStorage } from 'typeorm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withDataContext } from '../src/cli/data-context.js';
import { loadConfig } from '../src/app.config.js';
import { encryptedPropertiesOf } from '../src/security/field-encryption/encrypted-column.decorator.js';
import { allEncryptedColumns } from '../src/security/field-encryption/encrypted-columns.js';
import { KeyRotationService } from '../src/security/field-encryption/key-rotation.service.js';
import { runCli } from './support/api-process.js';
import { pngOf, uploadTo } from './support/attachments.js';
import { authenticatorCode } from './support/authenticator.js';
import { apiClient, bodyOf, type Note } from './support/api-client.js';
import { login, registerVerified } from './support/identity.js';
import { enrolledUser, passwordStep, verifyMfa } from './support/mfa.js';
import { startTestApp } from './support/test-app.js';
import {
  createScratchDatabase,
  testDatabases,
  type ScratchDatabase,
} from './support/test-database.js';

const SOURCE = fileURLToPath(new URL('../src', import.meta.url));

type EntityClass = abstract new (...args: never[]) => object;

/** Every `@Entity` class in the source tree, found by loading every `*.entity.ts` file. */
async function entitiesInSource(): Promise<EntityClass[]> {
  const files = readdirSync(SOURCE, { recursive: true, encoding: 'utf8' }).filter((file) =>
    file.endsWith('.entity.ts'),
  );
  await Promise.all(files.map((file) => import(pathToFileURL(join(SOURCE, file)).href)));
  return getMetadataArgsStorage()
    .tables.filter((table) => table.type === 'regular')
    .map((table) => table.target)
    .filter((target): target is EntityClass => typeof target === 'function');
}

describe.each(testDatabases())('key rotation over every encrypted column on $kind', (database) => {
  let dataDir: string;
  let scratch: ScratchDatabase | undefined;
  let oldKeys: Record<string, string>;
  let newKeys: Record<string, string>;
  let newKeysOnly: Record<string, string>;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'bulwark-rotation-all-'));
    scratch =
      database.kind === 'postgres' ? await createScratchDatabase(database.adminUrl) : undefined;
    const base = {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
      ...(scratch ? { DATABASE_URL: scratch.url } : {}),
    };
    const [a, b, indexA, indexB] = [generateKey(), generateKey(), generateKey(), generateKey()];
    oldKeys = {
      ...base,
      FIELD_ENCRYPTION_KEYS: `ka:${a}`,
      FIELD_ENCRYPTION_ACTIVE_KEY_ID: 'ka',
      BLIND_INDEX_KEYS: `ia:${indexA}`,
      BLIND_INDEX_ACTIVE_KEY_ID: 'ia',
    };
    newKeys = {
      ...base,
      FIELD_ENCRYPTION_KEYS: `kb:${b},ka:${a}`,
      FIELD_ENCRYPTION_ACTIVE_KEY_ID: 'kb',
      BLIND_INDEX_KEYS: `ib:${indexB},ia:${indexA}`,
      BLIND_INDEX_ACTIVE_KEY_ID: 'ib',
    };
    newKeysOnly = {
      ...newKeys,
      FIELD_ENCRYPTION_KEYS: `kb:${b}`,
      BLIND_INDEX_KEYS: `ib:${indexB}`,
    };
  });
  afterEach(async () => {
    await scratch?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs a user in by password between the key change and the rotation of the rows', async () => {
    const email = 'between-keys@example.com';
    const before = await startTestApp({ env: oldKeys });
    try {
      await registerVerified(before, email);
    } finally {
      await before.close();
    }
    // The row's blind index is still under `ia` while `ib` is active: found through both.
    const between = await startTestApp({ env: newKeys });
    try {
      const tokens = await login(between, email);
      const me = await bodyOf(
        apiClient(between).send<{ email: string }>(
          'GET',
          '/users/me',
          undefined,
          tokens.accessToken,
        ),
      );
      expect(me.email).toBe(email);
    } finally {
      await between.close();
    }
  });

  it('rotates, retires and still reads every encrypted column the application defines', async () => {
    // Data in every encrypted column, written through the API under the old keys.
    const email = 'rotation@example.com';
    const api = await startTestApp({ env: oldKeys });
    let noteId: string;
    let secret: string;
    try {
      const user = await enrolledUser(api, email);
      secret = user.secret;
      const note = await bodyOf(
        apiClient(api).send<Note>(
          'POST',
          '/notes',
          { title: 't', body: 'the body' },
          user.tokens.accessToken,
        ),
        201,
      );
      noteId = note.id;
      expect(
        (await uploadTo(api, noteId, user.tokens.accessToken, pngOf(), 'pixel.png')).status,
      ).toBe(201);
    } finally {
      await api.close();
    }

    const entities = await entitiesInSource();
    const encryptedEntities = entities.filter((entity) => encryptedPropertiesOf(entity).length > 0);
    expect(encryptedEntities.length).toBeGreaterThan(0);
    await withDataContext(loadConfig(newKeys), async (context) => {
      const dataSource = context.get(DataSource);
      // The data context the CLI commands use knows every entity of the source tree.
      expect(dataSource.entityMetadatas.map((metadata) => metadata.target)).toEqual(
        expect.arrayContaining(entities),
      );
      const covered = new Set(allEncryptedColumns(dataSource).map((info) => info.property));
      for (const entity of encryptedEntities) {
        for (const { property } of encryptedPropertiesOf(entity)) {
          expect(covered, `${entity.name}.${property}`).toContain(property);
        }
      }
      // Each of them holds a value under the old key, or the round trip below would prove nothing
      // for it: a new encrypted column needs a line in the seeding above.
      const before = await context.get(KeyRotationService).status();
      expect(before.length).toBeGreaterThan(0);
      for (const { column, counts } of before) {
        expect([...counts.keys()], column).toEqual([expect.stringMatching(/^[ki]a$/)]);
      }
    });

    const rotated = await runCli(['keys:rotate'], newKeys);
    expect(rotated.out).toMatch(/0 failed to decrypt, 0 not under the active keys/);
    expect(rotated.code).toBe(0);
    expect((await runCli(['keys:retire', 'ka'], newKeys)).code).toBe(0);
    expect((await runCli(['keys:retire', 'ia'], newKeys)).code).toBe(0);

    // The old keys removed from the rings: every column still reads.
    const after = await startTestApp({ env: newKeysOnly });
    try {
      const challenge = await passwordStep(after, email);
      const tokens = await bodyOf(
        verifyMfa(after, challenge.mfaToken, {
          code: authenticatorCode(secret, Date.now(), 1),
        }),
      );
      const note = await bodyOf(
        apiClient(after).send<Note>('GET', `/notes/${noteId}`, undefined, tokens.accessToken),
      );
      expect(note.body).toBe('the body');
      const listed = await bodyOf(
        apiClient(after).send<{ items: { name: string }[] }>(
          'GET',
          `/notes/${noteId}/attachments`,
          undefined,
          tokens.accessToken,
        ),
      );
      expect(listed.items.map((item) => item.name)).toEqual(['pixel.png']);
    } finally {
      await after.close();
    }
  }, 180_000);

  it('refuses to retire a key that any column of any table still uses, mapped or not', async () => {
    expect((await runCli(['db:migrate'], oldKeys)).code).toBe(0);
    await withDataContext(loadConfig(oldKeys), async (context) => {
      const dataSource = context.get(DataSource);
      await dataSource.query('CREATE TABLE unmapped_secrets (id int PRIMARY KEY, secret text)');
      await dataSource.query(`INSERT INTO unmapped_secrets VALUES (1, 'ef1:ka:s:AAAA')`);
    });
    const refused = await runCli(['keys:retire', 'ka'], newKeys);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('still protects 1 stored values (unmapped_secrets.secret=1)');
    // A key id that merely starts like it is another key.
    expect((await runCli(['keys:retire', 'k'], newKeys)).code).toBe(0);
  }, 120_000);
});
