import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseEml } from './parse-eml.js';

export interface OutboxMail {
  readonly to: string;
  readonly subject: string;
  readonly body: string;
}

/** Every mail the development outbox holds, oldest first. */
export function readOutbox(dataDir: string): OutboxMail[] {
  const directory = join(dataDir, 'outbox');
  if (!existsSync(directory)) {
    return [];
  }
  return readdirSync(directory)
    .map((name) => join(directory, name))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs)
    .map((path) => {
      const { headers, body } = parseEml(readFileSync(path, 'utf8'));
      return { to: headers.get('to') ?? '', subject: headers.get('subject') ?? '', body };
    });
}

/** The token of the newest mail to `to` that carries one with this prefix (`bev`, `bpr`). */
export function latestMailedToken(dataDir: string, to: string, prefix: string): string {
  const pattern = new RegExp(`#token=(${prefix}_[A-Za-z0-9_-]{43})`);
  const token = readOutbox(dataDir)
    .filter((mail) => mail.to.includes(to))
    .map((mail) => pattern.exec(mail.body)?.[1])
    .filter((found) => found !== undefined)
    .at(-1);
  if (token === undefined) {
    throw new Error(`No ${prefix} token mailed to ${to}`);
  }
  return token;
}
