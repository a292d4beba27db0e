import { randomBytes } from 'node:crypto';
import { generateKey } from '@bulwark/field-encryption';
import { describe, expect, it } from 'vitest';
import { AuditChainKeys } from './audit-chain-keys.js';
import {
  canonicalContent,
  canonicalJson,
  ChainWalk,
  GENESIS,
  GENESIS_HASH,
  linkOf,
  sealAfter,
  type AuditEventRow,
  type ChainBreak,
  type ChainHead,
  type ChainStart,
} from './audit-chain.js';

const ring = (...ids: string[]): AuditChainKeys =>
  new AuditChainKeys({
    activeKeyId: ids[0] ?? '',
    keys: ids.map((id) => ({ id, key: Buffer.from(KEYS[id] ?? generateKey(), 'base64') })),
  });
const KEYS: Record<string, string> = { k1: generateKey(), k2: generateKey() };
const keys = ring('k1', 'k2');

function content(index: number): Parameters<typeof sealAfter>[1] {
  return {
    id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)),
    event: 'authn_login_fail',
    outcome: 'failure',
    actor: 'anonymous',
    target: `user:${index}`,
    ip: '192.0.2.1',
    requestId: null,
    metadata: { attempt: index },
  };
}

/** What a forger without the key can write: an unkeyed (v1) row with a correct SHA-256. */
function unkeyedAfter(head: ChainHead, index: number): AuditEventRow {
  const linked = { ...content(index), seq: head.seq + 1, prevHash: head.hash, keyId: null };
  return { ...linked, hash: linkOf(linked, undefined) };
}

function chain(length: number, under = keys, rows: AuditEventRow[] = []): AuditEventRow[] {
  for (let index = rows.length; index < length; index += 1) {
    rows.push(sealAfter(rows.at(-1) ?? GENESIS, content(index), under));
  }
  return rows;
}

function walk(
  rows: readonly AuditEventRow[],
  head: ChainHead = rows.at(-1) ?? GENESIS,
  options: { expected?: ChainHead; from?: ChainStart; keys?: AuditChainKeys } = {},
): ChainBreak | undefined {
  const walker = new ChainWalk(head, { keys, ...options });
  for (const row of rows) {
    const broken = walker.next(row);
    if (broken) {
      return broken;
    }
  }
  return walker.finish();
}

describe(canonicalJson.name, () => {
  it('does not depend on key insertion order, at any depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null], c: 'x' } })).toBe(
      canonicalJson({ a: { c: 'x', d: [true, null] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('sorts keys by UTF-16 code units and escapes strings like JSON', () => {
    expect(canonicalJson({ é: 1, z: 2, Z: 3 })).toBe('{"Z":3,"z":2,"é":1}');
    expect(canonicalJson('line\nbreak "quoted"')).toBe('"line\\nbreak \\"quoted\\""');
  });

  it('refuses numbers JSON cannot carry', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
  });
});

describe(ChainWalk.name, () => {
  it('accepts an intact chain and an empty one', () => {
    expect(walk(chain(5))).toBeUndefined();
    expect(walk([])).toBeUndefined();
  });

  it('covers every field, the key id and the previous hash in a row’s link', () => {
    const [row] = chain(1);
    expect(canonicalContent(row!)).toContain(GENESIS_HASH);
    expect(canonicalContent(row!)).toContain('"bulwark-audit-v2","k1"');
    expect(walk([{ ...row!, metadata: { attempt: 1 } }])).toEqual({
      kind: 'altered',
      seq: 1,
      id: row!.id,
    });
  });

  it.each<[string, (rows: AuditEventRow[]) => AuditEventRow[], ChainBreak['kind'], number]>([
    ['an edited row', (rows) => rows.with(2, { ...rows[2]!, outcome: 'success' }), 'altered', 3],
    ['a deleted row', (rows) => rows.toSpliced(2, 1), 'deleted', 3],
    [
      'two swapped rows',
      (rows) => rows.with(1, { ...rows[2]!, seq: 2 }).with(2, { ...rows[1]!, seq: 3 }),
      'reordered',
      2,
    ],
    ['a deleted tail', (rows) => rows.slice(0, 3), 'truncated', 4],
  ])('names the row after %s', (_label, tamper, kind, seq) => {
    const rows = chain(5);
    expect(walk(tamper(rows), rows.at(-1))).toMatchObject({ kind, seq });
  });

  it('names a row appended behind the application’s back', () => {
    const rows = chain(4);
    expect(walk(rows, rows[2])).toMatchObject({ kind: 'inserted', seq: 4 });
  });

  it('verifies unkeyed rows written before links were keyed, then keyed rows after them', () => {
    const legacy = [unkeyedAfter(GENESIS, 0)];
    legacy.push(unkeyedAfter(legacy[0]!, 1));
    expect(walk(chain(4, keys, legacy))).toBeUndefined();
  });

  it('refuses an unkeyed row after a keyed one: appended, or re-hashed after an edit', () => {
    const rows = chain(3);
    const forged = unkeyedAfter(rows[2]!, 3);
    expect(walk([...rows, forged])).toEqual({ kind: 'unkeyed', seq: 4, id: forged.id });
    const edited = unkeyedAfter(rows[0]!, 1);
    expect(walk([rows[0]!, edited], edited)).toMatchObject({ kind: 'unkeyed', seq: 2 });
  });

  it('refuses a row linked under another key, or under a key the ring does not hold', () => {
    const rows = chain(3);
    // Same key id, another key: as if someone configured an AUDIT_CHAIN_KEYS of their own.
    const stranger = new AuditChainKeys({
      activeKeyId: 'k1',
      keys: [{ id: 'k1', key: randomBytes(32) }],
    });
    expect(walk([...rows, sealAfter(rows[2]!, content(3), stranger)])).toMatchObject({
      kind: 'altered',
      seq: 4,
    });
    const unknown = sealAfter(rows[2]!, content(3), ring('k9'));
    expect(walk([...rows, unknown])).toEqual({
      kind: 'unknown-key',
      seq: 4,
      id: unknown.id,
      keyId: 'k9',
    });
  });

  it('verifies across a key rotation, under every key of the ring', () => {
    const rows = chain(6, ring('k2', 'k1'), chain(3, ring('k1')));
    expect(rows.map((row) => row.keyId)).toEqual(['k1', 'k1', 'k1', 'k2', 'k2', 'k2']);
    expect(walk(rows)).toBeUndefined();
    expect(walk(rows, rows.at(-1), { keys: ring('k2') })).toMatchObject({
      kind: 'unknown-key',
      seq: 1,
    });
  });

  it('starts from a checkpoint, keyed if the checkpointed row was', () => {
    const rows = chain(5);
    const checkpoint = { seq: 2, hash: rows[1]!.hash, keyId: 'k1' };
    expect(walk(rows.slice(2), rows.at(-1), { from: checkpoint })).toBeUndefined();
    expect(walk(rows.slice(3), rows.at(-1), { from: checkpoint })).toMatchObject({
      kind: 'deleted',
      seq: 3,
    });
    const forged = unkeyedAfter(checkpoint, 2);
    expect(walk([forged], forged, { from: checkpoint })).toMatchObject({ kind: 'unkeyed' });
  });

  describe('against a head shipped to the log store', () => {
    const rows = chain(6);
    const shipped = { seq: 5, hash: rows[4]!.hash };

    it('passes when the chain holds the shipped row, at or after a checkpoint', () => {
      expect(walk(rows, rows.at(-1), { expected: shipped })).toBeUndefined();
      const from = { ...shipped, keyId: 'k1' };
      expect(walk(rows.slice(5), rows.at(-1), { expected: shipped, from })).toBeUndefined();
    });

    it('names a cut tail with the head moved back, which the table alone cannot show', () => {
      const cut = rows.slice(0, 3);
      expect(walk(cut)).toBeUndefined();
      expect(walk(cut, cut.at(-1), { expected: shipped })).toEqual({
        kind: 'behind',
        seq: 5,
        headSeq: 3,
      });
    });

    it('names rows replaced from the shipped seq on, even when re-linked under the key', () => {
      const other = sealAfter(rows[3]!, { ...content(4), actor: 'someone-else' }, keys);
      const replaced = [...rows.slice(0, 4), other, sealAfter(other, content(5), keys)];
      expect(walk(replaced)).toBeUndefined();
      expect(walk(replaced, replaced.at(-1), { expected: shipped })).toEqual({
        kind: 'diverged',
        seq: 5,
      });
    });

    it('names a shipped head older than the checkpoint', () => {
      const from = { seq: 6, hash: rows[5]!.hash, keyId: 'k1' };
      expect(walk([], rows.at(-1), { expected: shipped, from })).toEqual({
        kind: 'archived',
        seq: 5,
        checkpointSeq: 6,
      });
    });
  });
});
