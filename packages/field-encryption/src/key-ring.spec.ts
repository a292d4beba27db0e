import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { KEY_1, KEY_2, testKeyRing } from '../test/fixtures.js';
import { InvalidKeyMaterialError, UnknownKeyIdError } from './field-encryption.errors.js';
import { KeyRing, generateKey, type KeyMaterial } from './key-ring.js';

describe(KeyRing.name, () => {
  it('lists the active key first', () => {
    expect(testKeyRing('k2').keyIds).toEqual(['k2', 'k1']);
    expect(testKeyRing('k2').activeKeyId).toBe('k2');
  });

  it('loads its keys once from a provider', async () => {
    let calls = 0;
    const ring = await KeyRing.load({
      loadKeys: () => {
        calls += 1;
        return Promise.resolve({ activeKeyId: 'k1', keys: [{ id: 'k1', key: KEY_1 }] });
      },
    });
    ring.deriveKey('k1', Buffer.from('a'));
    ring.deriveKey('k1', Buffer.from('b'));
    expect(calls).toBe(1);
  });

  it.each<[string, KeyMaterial]>([
    ['a key that is too short', { activeKeyId: 'k1', keys: [{ id: 'k1', key: Buffer.alloc(16) }] }],
    ['a key that is too long', { activeKeyId: 'k1', keys: [{ id: 'k1', key: Buffer.alloc(33) }] }],
    [
      'a duplicate id',
      {
        activeKeyId: 'k1',
        keys: [
          { id: 'k1', key: KEY_1 },
          { id: 'k1', key: KEY_2 },
        ],
      },
    ],
    ['a missing active key', { activeKeyId: 'k2', keys: [{ id: 'k1', key: KEY_1 }] }],
    ['no keys at all', { activeKeyId: 'k1', keys: [] }],
    ['an id with a separator', { activeKeyId: 'k:1', keys: [{ id: 'k:1', key: KEY_1 }] }],
    ['an empty id', { activeKeyId: '', keys: [{ id: '', key: KEY_1 }] }],
    ['an id over 32 characters', { activeKeyId: 'k', keys: [{ id: 'k'.repeat(33), key: KEY_1 }] }],
  ])('rejects %s', (_, material) => {
    expect(() => new KeyRing(material)).toThrow(InvalidKeyMaterialError);
  });

  it('throws a typed error for an unknown key id', () => {
    expect(() => testKeyRing().deriveKey('k3', Buffer.alloc(0))).toThrow(UnknownKeyIdError);
  });

  it('never reveals key material through toString, inspect or JSON', () => {
    const ring = testKeyRing();
    const derived = ring.deriveKey('k1', Buffer.from('purpose'));
    const views = [
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- the default is under test
      String(ring),
      inspect(ring, { depth: 5, showHidden: true }),
      JSON.stringify(ring),
      inspect(derived, { showHidden: true }),
    ];
    for (const view of views) {
      for (const key of [KEY_1, KEY_2]) {
        expect(view).not.toContain(key.toString('base64'));
        expect(view).not.toContain(key.toString('hex'));
      }
    }
  });

  it('never reveals a misplaced key in an error message', () => {
    const pasted = KEY_1.toString('base64');
    expect(() => new KeyRing({ activeKeyId: pasted, keys: [{ id: 'k1', key: KEY_1 }] })).toThrow(
      /^active key id is not in the key ring$/,
    );
  });
});

describe(generateKey.name, () => {
  it('returns 32 random bytes in base64', () => {
    const key = generateKey();
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(key).not.toBe(generateKey());
  });
});
