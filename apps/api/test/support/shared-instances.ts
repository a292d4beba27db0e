import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKey } from '@bulwark/field-encryption';
import { generateSigningKeyPem } from '../../src/identity/tokens/signing-keys.js';
import { TEST_REDIS_URL } from './redis.js';
import { createScratchDatabase, type ScratchDatabase } from './test-database.js';

export interface SharedInstancesEnv {
  /** For startTestApp({ env }): one database, Redis and keys, so that every instance is alike. */
  readonly env: Readonly<Record<string, string>>;
  readonly scratch: ScratchDatabase;
  /** Drops the database and the key directory. */
  remove(): Promise<void>;
}

/**
 * What several instances of the API share: a scratch PostgreSQL database (PGlite lives inside one
 * process), Redis, and the same signing and encryption keys.
 */
export async function sharedInstancesEnv(adminUrl: string): Promise<SharedInstancesEnv> {
  const keyDir = mkdtempSync(join(tmpdir(), 'bulwark-shared-keys-'));
  const signingKeyFile = join(keyDir, 'shared1.pem');
  writeFileSync(signingKeyFile, generateSigningKeyPem(), { mode: 0o600 });
  const scratch = await createScratchDatabase(adminUrl);
  return {
    env: {
      DATABASE_URL: scratch.url,
      REDIS_URL: TEST_REDIS_URL,
      JWT_SIGNING_KEY_FILES: `shared1:${signingKeyFile}`,
      JWT_ACTIVE_KEY_ID: 'shared1',
      FIELD_ENCRYPTION_KEYS: `fe1:${generateKey()}`,
      FIELD_ENCRYPTION_ACTIVE_KEY_ID: 'fe1',
      BLIND_INDEX_KEYS: `bi1:${generateKey()}`,
      BLIND_INDEX_ACTIVE_KEY_ID: 'bi1',
    },
    scratch,
    remove: async () => {
      await scratch.drop();
      rmSync(keyDir, { recursive: true, force: true });
    },
  };
}
