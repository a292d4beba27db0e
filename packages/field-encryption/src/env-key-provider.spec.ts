import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_1, KEY_2 } from '../test/fixtures.js';
import { EnvKeyProvider } from './env-key-provider.js';
import { InvalidKeyMaterialError } from './field-encryption.errors.js';
import { KeyRing } from './key-ring.js';

const K1 = KEY_1.toString('base64');
const K2 = KEY_2.toString('base64');

function load(env: Record<string, string>): Promise<KeyRing> {
  return KeyRing.load(new EnvKeyProvider({ prefix: 'FE', env }));
}

describe(EnvKeyProvider.name, () => {
  let directory = '';

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'field-encryption-'));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true });
  });

  it('reads keys and the active id from the environment', async () => {
    const ring = await load({ FE_KEYS: `k1:${K1}, k2:${K2}`, FE_ACTIVE_KEY_ID: 'k2' });
    expect(ring.keyIds).toEqual(['k2', 'k1']);
  });

  it('reads keys from the file named by <prefix>_KEYS_FILE', async () => {
    const file = join(directory, 'keys');
    await writeFile(file, `k1:${K1}\nk2:${K2}\n`);
    const ring = await load({ FE_KEYS_FILE: file, FE_ACTIVE_KEY_ID: 'k1' });
    expect(ring.keyIds).toEqual(['k1', 'k2']);
  });

  it.each([
    ['no key list', { FE_ACTIVE_KEY_ID: 'k1' }],
    ['no active id', { FE_KEYS: `k1:${K1}` }],
    ['both a list and a file', { FE_KEYS: `k1:${K1}`, FE_KEYS_FILE: '/x', FE_ACTIVE_KEY_ID: 'k1' }],
    ['an unreadable file', { FE_KEYS_FILE: '/nonexistent/keys', FE_ACTIVE_KEY_ID: 'k1' }],
    ['an entry without an id', { FE_KEYS: K1, FE_ACTIVE_KEY_ID: 'k1' }],
    ['bad base64', { FE_KEYS: 'k1:not*base64', FE_ACTIVE_KEY_ID: 'k1' }],
    ['non-canonical base64', { FE_KEYS: `k1:${K1.slice(0, -2)}9=`, FE_ACTIVE_KEY_ID: 'k1' }],
    [
      'a 16-byte key',
      { FE_KEYS: `k1:${KEY_1.subarray(16).toString('base64')}`, FE_ACTIVE_KEY_ID: 'k1' },
    ],
    ['a duplicate id', { FE_KEYS: `k1:${K1},k1:${K2}`, FE_ACTIVE_KEY_ID: 'k1' }],
    ['an active id not in the list', { FE_KEYS: `k1:${K1}`, FE_ACTIVE_KEY_ID: 'k2' }],
  ])('rejects %s', async (_, env) => {
    await expect(load(env)).rejects.toThrow(InvalidKeyMaterialError);
  });

  it('never echoes key material in its errors', async () => {
    const error: unknown = await load({ FE_KEYS: `${K1}:k1`, FE_ACTIVE_KEY_ID: 'k1' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(InvalidKeyMaterialError);
    expect(String(error)).not.toContain(K1.slice(0, 8));
  });
});
