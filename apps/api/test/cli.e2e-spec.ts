import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './support/api-process.js';
import {
  createScratchDatabase,
  testDatabases,
  type ScratchDatabase,
} from './support/test-database.js';

describe('pnpm cli', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bulwark-cli-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists its commands with --help', async () => {
    const { code, out } = await runCli(['--help'], { DATA_DIR: dataDir });
    expect(code).toBe(0);
    expect(out).toContain('db:migrate');
    expect(out).toContain('tls:dev-cert');
  });

  it('fails on an unknown command', async () => {
    expect((await runCli(['db:drop-everything'], { DATA_DIR: dataDir })).code).toBe(1);
  });

  it('writes a development certificate with a private key only its owner can read', async () => {
    const { code, out } = await runCli(['tls:dev-cert'], { DATA_DIR: dataDir });
    expect(code).toBe(0);
    const keyFile = /TLS_KEY_FILE=(.+)/.exec(out)?.[1];
    expect(keyFile).toBeDefined();
    expect(statSync(keyFile!).mode & 0o777).toBe(0o600);
  });

  describe.each(testDatabases())('db:migrate on $kind', (database) => {
    let scratch: ScratchDatabase | undefined;

    beforeEach(async () => {
      scratch =
        database.kind === 'postgres' ? await createScratchDatabase(database.adminUrl) : undefined;
    });
    afterEach(async () => {
      await scratch?.drop();
    });

    it('applies pending migrations once', async () => {
      const env = { DATA_DIR: dataDir, ...(scratch ? { DATABASE_URL: scratch.url } : {}) };
      const first = await runCli(['db:migrate'], env);
      expect(first).toMatchObject({
        code: 0,
        out: expect.stringContaining('Applied: HardenPublicSchema') as unknown,
      });
      const second = await runCli(['db:migrate'], env);
      expect(second).toMatchObject({
        code: 0,
        out: expect.stringContaining('No pending migrations.') as unknown,
      });
    });
  });
});
