import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The newest `prefix_…` token mailed to `to` through the development outbox (`.eml` files). */
export function mailedToken(outboxDir: string, to: string, prefix: string): string {
  const pattern = new RegExp(`#token=(${prefix}_[A-Za-z0-9_-]{43})`);
  const names = existsSync(outboxDir) ? readdirSync(outboxDir) : [];
  const token = names
    .sort()
    .map((name) => decodeQuotedPrintable(readFileSync(join(outboxDir, name), 'utf8')))
    .filter((mail) => mail.includes(`To: ${to}`))
    .map((mail) => pattern.exec(mail)?.[1])
    .filter((found) => found !== undefined)
    .at(-1);
  if (token === undefined) {
    throw new Error(`No ${prefix} token mailed to ${to}`);
  }
  return token;
}

function decodeQuotedPrintable(text: string): string {
  return text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_match, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
}
