import { describe, expect, it } from 'vitest';
import {
  canonicalContent,
  canonicalJson,
  ChainWalk,
  GENESIS_HASH,
  sealAfter,
  type AuditEventRow,
  type ChainBreak,
} from './audit-chain.js';

function chain(length: number): AuditEventRow[] {
  const rows: AuditEventRow[] = [];
  for (let index = 0; index < length; index += 1) {
    const previous = rows.at(-1);
    rows.push(
      sealAfter(previous ?? { seq: 0, hash: GENESIS_HASH }, {
        id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
        occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)),
        event: 'authn_login_fail',
        outcome: 'failure',
        actor: 'anonymous',
        target: `user:${index}`,
        ip: '192.0.2.1',
        requestId: null,
        metadata: { attempt: index },
      }),
    );
  }
  return rows;
}

function walk(rows: readonly AuditEventRow[], head = rows.at(-1)): ChainBreak | undefined {
  const walker = new ChainWalk(head ?? { seq: 0, hash: GENESIS_HASH });
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

  it('covers every field and the previous hash in a row’s hash', () => {
    const [row] = chain(1);
    expect(canonicalContent(row!)).toContain(GENESIS_HASH);
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
});
