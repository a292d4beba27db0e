import { generateKey } from '@bulwark/field-encryption';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withDataContext } from '../src/cli/data-context.js';
import { loadConfig } from '../src/app.config.js';
import { encryptedColumnsOf } from '../src/security/field-encryption/encrypted-columns.js';
import { FieldEncryptionService } from '../src/security/field-encryption/field-encryption.service.js';
import { KeyRotationService } from '../src/security/field-encryption/key-rotation.service.js';
import { User } from '../src/identity/users/user.entity.js';
import { UsersRepository } from '../src/identity/users/users.repository.js';
import { UNUSABLE_PASSWORD_HASH } from './support/users.js';
import { runApiEntry, runCli } from './support/api-process.js';
import {
  createScratchDatabase,
  testDatabases,
  type ScratchDatabase,
} from './support/test-database.js';

const ROWS = 10_000;
const INSERT_BATCH = 1_000;

/** Inserts `ROWS` users sealed under the ring's active keys, in multi-row inserts. */
async function seedUsers(
  dataSource: DataSource,
  encryption: FieldEncryptionService,
): Promise<string[]> {
  const [email] = encryptedColumnsOf(dataSource.getMetadata(User));
  const ids: string[] = [];
  for (let start = 0; start < ROWS; start += INSERT_BATCH) {
    const rows = Array.from({ length: INSERT_BATCH }, (_, offset) => {
      const id = uuidv7();
      const plaintext = `user${start + offset}@example.com`;
      ids.push(id);
      return [
        id,
        encryption.seal(email!, id, plaintext),
        encryption.blindIndex(email!, plaintext),
        UNUSABLE_PASSWORD_HASH,
      ];
    });
    const tuples = rows.map(
      (_, row) => `($${row * 4 + 1}::uuid, $${row * 4 + 2}, $${row * 4 + 3}, $${row * 4 + 4})`,
    );
    await dataSource.query(
      `INSERT INTO users (id, email_encrypted, email_blind_index, password_hash) VALUES ${tuples.join(', ')}`,
      rows.flat(),
    );
  }
  return ids;
}

describe.each(testDatabases())('key rotation on $kind', (database) => {
  let dataDir: string;
  let scratch: ScratchDatabase | undefined;
  let oldKeys: Record<string, string>;
  let newKeys: Record<string, string>;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'bulwark-rotation-'));
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
  });
  afterEach(async () => {
    await scratch?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('survives being killed midway, loses nothing, and then lets the old keys retire', async () => {
    expect((await runCli(['db:migrate'], oldKeys)).code).toBe(0);
    const ids = await withDataContext(loadConfig(oldKeys), (context) =>
      seedUsers(context.get(DataSource), context.get(FieldEncryptionService)),
    );
    expect((await runCli(['keys:retire', 'ka'], newKeys)).out).toContain(
      `still protects ${ROWS} stored values`,
    );

    const interrupted = runApiEntry('cli', ['keys:rotate', '--batch-size', '100'], newKeys);
    await interrupted.waitForLine(/users\.email_encrypted: (?:[2-9]\d{3})\/10000/);
    interrupted.child.kill('SIGKILL');
    await interrupted.exited();

    const midway = await withDataContext(loadConfig(newKeys), (context) =>
      context.get(KeyRotationService).status(),
    );
    const encrypted = midway.find((column) => column.column === 'users.email_encrypted')!.counts;
    expect(encrypted.get('kb')).toBeGreaterThan(0);
    expect(encrypted.get('ka')).toBeGreaterThan(0);

    const resumed = await runCli(['keys:rotate', '--batch-size', '500'], newKeys);
    expect(resumed.code).toBe(0);
    expect(resumed.out).toContain(
      `verified ${ROWS} values: 0 failed to decrypt, 0 not under the active keys`,
    );

    await withDataContext(loadConfig(newKeys), async (context) => {
      const status = await context.get(KeyRotationService).status();
      // Every encrypted column is covered (notes' was once left out); only users have rows here,
      // and a resource added later joins the list without an edit here.
      const byColumn = Object.fromEntries(
        status.map(({ column, counts }) => [column, Object.fromEntries(counts)]),
      );
      expect(byColumn).toMatchObject({
        'users.email_encrypted': { kb: ROWS },
        'users.email_blind_index': { ib: ROWS },
        'mfa_totp.secret_encrypted': {},
        'notes.body_encrypted': {},
      });
      for (const [column, counts] of Object.entries(byColumn)) {
        expect(counts, column).toEqual(column.startsWith('users.') ? expect.anything() : {});
      }
      const stored: { id: string }[] = await context
        .get(DataSource)
        .query('SELECT id::text AS id FROM users');
      expect(stored.map((row) => row.id).sort()).toEqual([...ids].sort());
      const users = context.get(UsersRepository);
      expect((await users.findByEmail('USER4321@example.com'))?.id).toBe(ids[4321]);
    });

    expect((await runCli(['keys:retire', 'kb'], newKeys)).out).toContain('kb is an active key');
    const retired = await runCli(['keys:retire', 'ka'], newKeys);
    expect(retired).toMatchObject({
      code: 0,
      out: expect.stringContaining('ka is not used') as unknown,
    });
    expect((await runCli(['keys:retire', 'ia'], newKeys)).code).toBe(0);
  }, 180_000);
});
