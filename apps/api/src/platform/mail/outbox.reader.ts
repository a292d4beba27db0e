import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';

/** A message of the development outbox, decoded (quoted-printable, encoded words) for a person. */
export interface OutboxMessage {
  /** The UUIDv7 in the file name: what `pnpm cli mail:show <id>` takes. */
  readonly id: string;
  readonly file: string;
  readonly date: Date | undefined;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly links: readonly string[];
  /** The token a link carries in its fragment (`#token=…`), if any. */
  readonly token: string | undefined;
}

// OutboxTransport names files `<timestamp>-<UUIDv7>.eml`.
const OUTBOX_FILE = /^\d{8}T\d{6}\.\d{3}Z-([0-9a-f-]{36})\.eml$/;
const LINK = /\bhttps?:\/\/[^\s<>"]+/g;

/** Every message in `directory`, newest first; none when the directory does not exist yet. */
export async function readOutbox(directory: string): Promise<OutboxMessage[]> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return [];
    }
    throw error;
  }
  // Names start with the sending time, so reverse name order is newest first.
  const files = names.filter((name) => OUTBOX_FILE.test(name)).sort((a, b) => b.localeCompare(a));
  return Promise.all(files.map((name) => readOutboxFile(join(directory, name), name)));
}

async function readOutboxFile(file: string, name: string): Promise<OutboxMessage> {
  const mail = await simpleParser(await readFile(file));
  const text = mail.text ?? '';
  const links = [...new Set(text.match(LINK) ?? [])];
  const to = Array.isArray(mail.to) ? mail.to : mail.to === undefined ? [] : [mail.to];
  return {
    id: OUTBOX_FILE.exec(name)?.[1] ?? name,
    file,
    date: mail.date,
    to: to.flatMap((address) => address.value.map((entry) => entry.address ?? '')).join(', '),
    subject: mail.subject ?? '',
    text,
    links,
    token: links.map(fragmentToken).find((token) => token !== undefined),
  };
}

function fragmentToken(link: string): string | undefined {
  const hash = URL.parse(link)?.hash ?? '';
  return new URLSearchParams(hash.slice(1)).get('token') ?? undefined;
}
