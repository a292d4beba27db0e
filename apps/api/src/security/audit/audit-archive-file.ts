import { createReadStream } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { AuditEventRow, JsonValue } from './audit-chain.js';

const FORMAT = 'bulwark-audit-archive-v1';

/** The first line of an archive: the segment's bounds, and the links it starts after and ends at. */
export interface ArchiveHeader {
  readonly format: typeof FORMAT;
  readonly firstSeq: number;
  readonly lastSeq: number;
  /** Hash of the row before `firstSeq`: the previous checkpoint's, or the genesis hash. */
  readonly prevHash: string;
  /** Hash of `lastSeq`, the checkpoint the rows were deleted up to. */
  readonly lastHash: string;
}

export function archiveHeader(fields: Omit<ArchiveHeader, 'format'>): ArchiveHeader {
  return { format: FORMAT, ...fields };
}

/** Writes an archive as JSON lines: the header, then one row a line, in seq order. */
export class ArchiveWriter {
  private constructor(
    private readonly path: string,
    private readonly file: FileHandle,
  ) {}

  /** Refuses to overwrite a file: an earlier archive may be the only copy of its rows. */
  static async create(path: string, header: ArchiveHeader): Promise<ArchiveWriter> {
    const writer = new ArchiveWriter(path, await open(path, 'wx', 0o600));
    await writer.file.write(`${JSON.stringify(header)}\n`);
    return writer;
  }

  async write(rows: readonly AuditEventRow[]): Promise<void> {
    if (rows.length > 0) {
      await this.file.write(rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
    }
  }

  /** On disk before the rows are deleted from the database. */
  async close(): Promise<void> {
    await this.file.sync();
    await this.file.close();
  }

  async discard(): Promise<void> {
    await this.file.close();
    await rm(this.path, { force: true });
  }
}

/**
 * Reads an archive back for `read`, which gets the header and the rows in file order; throws on a
 * line that is not what {@link ArchiveWriter} writes.
 */
export async function readArchive<T>(
  path: string,
  read: (header: ArchiveHeader, rows: AsyncIterable<AuditEventRow>) => Promise<T>,
): Promise<T> {
  const input = createReadStream(path);
  try {
    const lines = createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
    const first = await lines.next();
    const header = first.done === true ? undefined : parseHeader(first.value);
    if (header === undefined) {
      throw new Error(`${path}: not an audit archive (${FORMAT})`);
    }
    async function* rows(): AsyncGenerator<AuditEventRow> {
      let lineNumber = 1;
      for (let line = await lines.next(); line.done !== true; line = await lines.next()) {
        lineNumber += 1;
        const row = parseRow(line.value);
        if (row === undefined) {
          throw new Error(`${path}: line ${lineNumber} is not an archived audit row`);
        }
        yield row;
      }
    }
    return await read(header, rows());
  } finally {
    input.destroy();
  }
}

function parseHeader(line: string): ArchiveHeader | undefined {
  const value = parseObject(line);
  if (
    value?.format !== FORMAT ||
    !isSeq(value.firstSeq) ||
    !isSeq(value.lastSeq) ||
    value.lastSeq < value.firstSeq ||
    typeof value.prevHash !== 'string' ||
    typeof value.lastHash !== 'string'
  ) {
    return undefined;
  }
  return archiveHeader({
    firstSeq: value.firstSeq,
    lastSeq: value.lastSeq,
    prevHash: value.prevHash,
    lastHash: value.lastHash,
  });
}

// Types only: whether the content is what was appended is the chain's to say.
function parseRow(line: string): AuditEventRow | undefined {
  const value = parseObject(line);
  if (
    value === undefined ||
    !isSeq(value.seq) ||
    !areStrings(value, ['id', 'occurredAt', 'event', 'outcome', 'actor', 'prevHash', 'hash']) ||
    !areNullableStrings(value, ['target', 'ip', 'requestId', 'keyId']) ||
    !isObject(value.metadata)
  ) {
    return undefined;
  }
  return {
    seq: value.seq,
    id: value.id,
    occurredAt: new Date(value.occurredAt),
    event: value.event,
    outcome: value.outcome,
    actor: value.actor,
    target: value.target,
    ip: value.ip,
    requestId: value.requestId,
    metadata: value.metadata,
    keyId: value.keyId,
    prevHash: value.prevHash,
    hash: value.hash,
  };
}

type JsonObject = { [key: string]: JsonValue };

function parseObject(line: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSeq(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) > 0;
}

function areStrings<K extends string>(
  value: JsonObject,
  keys: readonly K[],
): value is JsonObject & Record<K, string> {
  return keys.every((key) => typeof value[key] === 'string');
}

function areNullableStrings<K extends string>(
  value: JsonObject,
  keys: readonly K[],
): value is JsonObject & Record<K, string | null> {
  return keys.every((key) => value[key] === null || typeof value[key] === 'string');
}
