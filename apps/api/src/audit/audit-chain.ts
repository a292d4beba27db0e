import { createHash } from 'node:crypto';

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
  /** `hash` of the row before (the genesis hash for seq 1). */
  readonly prevHash: string;
  /** Lower-case hex SHA-256 of the canonical encoding of every other field. */
  readonly hash: string;
}

export type AuditEventContent = Omit<AuditEventRow, 'hash'>;

/** The last link of the chain; seq 0 with the genesis hash while the table is empty. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);
const ENCODING_VERSION = 'bulwark-audit-v1';

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
 * The bytes a row's hash covers: a JSON array of a version tag and every column but `hash`, in a
 * fixed order (`seq` as a decimal string, `occurredAt` as ISO-8601 UTC with milliseconds),
 * canonically encoded and UTF-8. The previous hash is inside, which is what chains the rows.
 */
export function canonicalContent(row: AuditEventContent): string {
  return canonicalJson([
    ENCODING_VERSION,
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
  ]);
}

export function hashContent(row: AuditEventContent): string {
  return createHash('sha256').update(canonicalContent(row), 'utf8').digest('hex');
}

/** Links new content after `head`: the next seq, the head's hash as `prevHash`, and its own hash. */
export function sealAfter(
  head: ChainHead,
  content: Omit<AuditEventContent, 'seq' | 'prevHash'>,
): AuditEventRow {
  const linked = { ...content, seq: head.seq + 1, prevHash: head.hash };
  return { ...linked, hash: hashContent(linked) };
}

/** The first place where the stored chain differs from what was appended. */
export type ChainBreak =
  | { readonly kind: 'altered'; readonly seq: number; readonly id: string }
  | { readonly kind: 'reordered'; readonly seq: number; readonly id: string }
  | { readonly kind: 'deleted'; readonly seq: number }
  | { readonly kind: 'inserted'; readonly seq: number; readonly id: string }
  | { readonly kind: 'truncated'; readonly seq: number }
  | { readonly kind: 'head-altered'; readonly seq: number };

/**
 * Checks rows fed in `seq` order against the head read in the same snapshot. Each row must take
 * the next seq (else rows were deleted), point at the previous row's hash (else rows were swapped
 * or inserted), hash to its stored hash (else it was edited) and lie within the head (else it was
 * appended outside the application); the last row must be the head (else the tail was deleted).
 */
export class ChainWalk {
  #expectedSeq = 1;
  #prevHash = GENESIS_HASH;

  constructor(private readonly head: ChainHead) {}

  get verified(): number {
    return this.#expectedSeq - 1;
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
    if (hashContent(row) !== row.hash) {
      return { kind: 'altered', seq: row.seq, id: row.id };
    }
    this.#expectedSeq += 1;
    this.#prevHash = row.hash;
    return undefined;
  }

  /** After the last row: the chain must end exactly at the head. */
  finish(): ChainBreak | undefined {
    if (this.verified !== this.head.seq) {
      return { kind: 'truncated', seq: this.#expectedSeq };
    }
    return this.#prevHash === this.head.hash
      ? undefined
      : { kind: 'head-altered', seq: this.head.seq };
  }
}
