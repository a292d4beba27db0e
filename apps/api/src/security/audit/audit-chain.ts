import { createHash, createHmac, type KeyObject } from 'node:crypto';
import type { AuditChainKeys } from './audit-chain-keys.js';

/** A JSON value as stored in `audit_events.metadata` and hashed canonically. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One row of `audit_events`, as written and as read back. */
export interface AuditEventRow {
  /** Position in the chain: 1, 2, 3… without gaps. */
  readonly seq: number;
  readonly id: string;
  readonly occurredAt: Date;
  readonly event: string;
  readonly outcome: string;
  readonly actor: string;
  readonly target: string | null;
  readonly ip: string | null;
  readonly requestId: string | null;
  readonly metadata: { readonly [key: string]: JsonValue };
  /** The AUDIT_CHAIN_KEYS key of the link; null for rows written before links were keyed (v1). */
  readonly keyId: string | null;
  /** `hash` of the row before (the genesis hash for seq 1). */
  readonly prevHash: string;
  /** Lower-case hex HMAC-SHA256 under `keyId` (v1: SHA-256) of the canonical encoding of the rest. */
  readonly hash: string;
}

export type AuditEventContent = Omit<AuditEventRow, 'hash'>;

/** The last link of the chain; seq 0 with the genesis hash while the table is empty. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/** A row the chain continues from: the genesis, or the checkpoint the rows up to it were archived at. */
export interface ChainStart extends ChainHead {
  readonly keyId: string | null;
}

export const GENESIS_HASH = '0'.repeat(64);
export const GENESIS: ChainStart = { seq: 0, hash: GENESIS_HASH, keyId: null };
const UNKEYED_VERSION = 'bulwark-audit-v1';
const KEYED_VERSION = 'bulwark-audit-v2';

/**
 * Canonical JSON (RFC 8785 style, no dependence on insertion order): no whitespace, object keys
 * sorted by UTF-16 code units, strings and numbers as ECMAScript JSON.stringify writes them.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new TypeError('canonical JSON has no encoding for a non-finite number');
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  const members = Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] ?? null)}`);
  return `{${members.join(',')}}`;
}

/**
 * The bytes a row's link covers: a JSON array of a version tag (and, keyed, the key id) and every
 * column but `hash`, in a fixed order (`seq` as a decimal string, `occurredAt` as ISO-8601 UTC
 * with milliseconds), canonically encoded and UTF-8. The previous hash is inside, which is what
 * chains the rows.
 */
export function canonicalContent(row: AuditEventContent): string {
  const columns: JsonValue[] = [
    String(row.seq),
    row.id,
    row.occurredAt.toISOString(),
    row.event,
    row.outcome,
    row.actor,
    row.target,
    row.ip,
    row.requestId,
    row.metadata,
    row.prevHash,
  ];
  return canonicalJson(
    row.keyId === null ? [UNKEYED_VERSION, ...columns] : [KEYED_VERSION, row.keyId, ...columns],
  );
}

/** The row's link: HMAC-SHA256 under `key` when the row names one, SHA-256 for a v1 row. */
export function linkOf(row: AuditEventContent, key: KeyObject | undefined): string {
  const digest = key === undefined ? createHash('sha256') : createHmac('sha256', key);
  return digest.update(canonicalContent(row), 'utf8').digest('hex');
}

/** Links new content after `head` under the active key: the next seq, the head's hash, its MAC. */
export function sealAfter(
  head: ChainHead,
  content: Omit<AuditEventContent, 'seq' | 'prevHash' | 'keyId'>,
  keys: AuditChainKeys,
): AuditEventRow {
  const keyId = keys.activeKeyId;
  const linked = { ...content, seq: head.seq + 1, prevHash: head.hash, keyId };
  return { ...linked, hash: linkOf(linked, keys.macKey(keyId)) };
}

/** The first place where the stored chain differs from what was appended. */
export type ChainBreak =
  | { readonly kind: 'altered'; readonly seq: number; readonly id: string }
  | { readonly kind: 'reordered'; readonly seq: number; readonly id: string }
  | { readonly kind: 'deleted'; readonly seq: number }
  | { readonly kind: 'inserted'; readonly seq: number; readonly id: string }
  | { readonly kind: 'truncated'; readonly seq: number }
  | { readonly kind: 'head-altered'; readonly seq: number }
  | { readonly kind: 'unkeyed'; readonly seq: number; readonly id: string }
  | {
      readonly kind: 'unknown-key';
      readonly seq: number;
      readonly id: string;
      readonly keyId: string;
    }
  | { readonly kind: 'diverged'; readonly seq: number }
  | { readonly kind: 'behind'; readonly seq: number; readonly headSeq: number }
  | { readonly kind: 'archived'; readonly seq: number; readonly checkpointSeq: number }
  | { readonly kind: 'unanchored'; readonly seq: number };

export interface ChainWalkOptions {
  /** A row under any key of the ring verifies. */
  readonly keys: AuditChainKeys;
  /** Where the rows start: the latest checkpoint, or the genesis. */
  readonly from?: ChainStart;
  /** A head shipped to the central log store, which the chain must contain as it was shipped. */
  readonly expected?: ChainHead;
}

/**
 * Checks rows fed in `seq` order against the head read in the same snapshot. Each row must take
 * the next seq (else rows were deleted), point at the previous row's hash (else rows were swapped
 * or inserted), be keyed once a row before it was (else it was forged without the key), carry a
 * link that verifies under its key (else it was edited) and lie within the head (else it was
 * appended outside the application); the last row must be the head (else the tail was deleted),
 * and the shipped head, when given, must be one of the rows with the same hash.
 */
export class ChainWalk {
  readonly #keys: AuditChainKeys;
  readonly #from: ChainStart;
  readonly #expected: ChainHead | undefined;
  #expectedSeq: number;
  #prevHash: string;
  #keyed: boolean;

  constructor(
    private readonly head: ChainHead,
    { keys, from = GENESIS, expected }: ChainWalkOptions,
  ) {
    this.#keys = keys;
    this.#from = from;
    this.#expected = expected;
    this.#expectedSeq = from.seq + 1;
    this.#prevHash = from.hash;
    this.#keyed = from.keyId !== null;
  }

  /** Rows verified so far, the checkpoint's own excluded. */
  get verified(): number {
    return this.#expectedSeq - 1 - this.#from.seq;
  }

  /** Returns the break this row reveals, if any; stop feeding rows after the first. */
  next(row: AuditEventRow): ChainBreak | undefined {
    if (row.seq > this.head.seq) {
      return { kind: 'inserted', seq: row.seq, id: row.id };
    }
    if (row.seq !== this.#expectedSeq) {
      return { kind: 'deleted', seq: this.#expectedSeq };
    }
    if (row.prevHash !== this.#prevHash) {
      return { kind: 'reordered', seq: row.seq, id: row.id };
    }
    if (row.keyId === null && this.#keyed) {
      return { kind: 'unkeyed', seq: row.seq, id: row.id };
    }
    const key = row.keyId === null ? undefined : this.#keys.macKey(row.keyId);
    if (row.keyId !== null && key === undefined) {
      return { kind: 'unknown-key', seq: row.seq, id: row.id, keyId: row.keyId };
    }
    if (linkOf(row, key) !== row.hash) {
      return { kind: 'altered', seq: row.seq, id: row.id };
    }
    if (row.seq === this.#expected?.seq && row.hash !== this.#expected.hash) {
      return { kind: 'diverged', seq: row.seq };
    }
    this.#expectedSeq += 1;
    this.#prevHash = row.hash;
    this.#keyed ||= row.keyId !== null;
    return undefined;
  }

  /** After the last row: the chain must end exactly at the head, and reach the shipped head. */
  finish(): ChainBreak | undefined {
    if (this.#expectedSeq - 1 !== this.head.seq) {
      return { kind: 'truncated', seq: this.#expectedSeq };
    }
    if (this.#prevHash !== this.head.hash) {
      return { kind: 'head-altered', seq: this.head.seq };
    }
    return this.#expected === undefined ? undefined : this.#reaches(this.#expected);
  }

  /** The shipped head lies within the rows walked (compared there), at the start, or is missing. */
  #reaches(expected: ChainHead): ChainBreak | undefined {
    if (expected.seq > this.head.seq) {
      return { kind: 'behind', seq: expected.seq, headSeq: this.head.seq };
    }
    if (expected.seq > this.#from.seq) {
      return undefined;
    }
    if (expected.seq < this.#from.seq) {
      return { kind: 'archived', seq: expected.seq, checkpointSeq: this.#from.seq };
    }
    return expected.hash === this.#from.hash ? undefined : { kind: 'diverged', seq: expected.seq };
  }
}
