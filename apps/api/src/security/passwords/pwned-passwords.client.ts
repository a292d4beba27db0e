import { createHash } from 'node:crypto';
import type { PwnedPasswordsConfig } from './passwords.config.js';

/**
 * Far above a real answer (a padded range holds 800 to about 1 100 lines of about 40 bytes), and
 * counted after decompression, so a compressed bomb is cut off too.
 */
export const MAX_RANGE_BYTES = 256 * 1024;

/** Lookups in flight at once: with the bound above, at most 16 MiB of ranges held. */
export const MAX_CONCURRENT_LOOKUPS = 64;

// `<35 hex digits of the SHA-1 suffix>:<times seen>`; padding entries are seen 0 times.
const ENTRY = /^([0-9A-Fa-f]{35}):(\d+)$/;

// Codes like ECONNREFUSED or CERT_HAS_EXPIRED tell an operator what broke; messages may hold URLs.
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

export type PwnedPasswordsFailure =
  'busy' | 'timeout' | 'network' | 'status' | 'too_large' | 'malformed';

/** The lookup cannot tell; it holds nothing of the password, its hash or the prefix sent. */
export class PwnedPasswordsUnavailableError extends Error {
  constructor(
    readonly reason: PwnedPasswordsFailure,
    /** The HTTP status for `status`, a system or TLS error code for `network`: safe to log. */
    readonly detail?: number | string,
  ) {
    super(`Pwned Passwords lookup failed: ${reason}`);
  }
}

/**
 * The Pwned Passwords range API (https://haveibeenpwned.com/API/v3#SearchingPwnedPasswordsByRange):
 * only the first 5 hex digits of the password's SHA-1 leave the process; the service answers every
 * suffix it knows under that prefix, padded with never-seen ones so that the size of the answer
 * does not reveal the prefix either, and the suffix is looked for here.
 */
export class PwnedPasswordsClient {
  private inFlight = 0;

  constructor(private readonly config: Pick<PwnedPasswordsConfig, 'baseUrl' | 'timeoutMs'>) {}

  /**
   * True when the corpus has seen `password` (UTF-8, exactly as typed).
   * @throws PwnedPasswordsUnavailableError when the service is busy, slow, down or answers garbage
   */
  async isBreached(password: string): Promise<boolean> {
    if (this.inFlight >= MAX_CONCURRENT_LOOKUPS) {
      throw new PwnedPasswordsUnavailableError('busy');
    }
    this.inFlight += 1;
    try {
      const hash = createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase();
      return rangeHolds(await this.range(hash.slice(0, 5)), hash.slice(5));
    } finally {
      this.inFlight -= 1;
    }
  }

  private async range(prefix: string): Promise<string> {
    try {
      // The timeout covers the whole exchange, body included; a redirect could leave TLS.
      const response = await fetch(new URL(`range/${prefix}`, this.config.baseUrl), {
        headers: { 'Add-Padding': 'true' },
        redirect: 'error',
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      if (response.status !== 200) {
        await response.body?.cancel();
        throw new PwnedPasswordsUnavailableError('status', response.status);
      }
      return await boundedText(response);
    } catch (error) {
      throw unavailable(error);
    }
  }
}

async function boundedText({ body }: Response): Promise<string> {
  if (body === null) {
    return '';
  }
  // undici types a body as ReadableStream<any>; fetch bodies are bytes.
  const reader: ReadableStreamDefaultReader<Uint8Array> = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > MAX_RANGE_BYTES) {
      // The rest is never read, nor downloaded.
      await reader.cancel();
      throw new PwnedPasswordsUnavailableError('too_large');
    }
    chunks.push(read.value);
  }
  // The protocol is ASCII: any other byte fails the line check below.
  return Buffer.concat(chunks).toString('latin1');
}

/**
 * Every line must be an entry, and a range is never empty (every prefix has hundreds): anything
 * else is an error page or a broken proxy, not an answer. The suffix is compared with `===`: the
 * range is public, and a timing difference of one comparison is lost in a request's noise.
 */
function rangeHolds(range: string, suffix: string): boolean {
  let entries = 0;
  let seen = false;
  for (const line of range.split('\n')) {
    const entry = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (entry === '') {
      continue;
    }
    const [, candidate, count] = ENTRY.exec(entry) ?? [];
    if (candidate === undefined || count === undefined) {
      throw new PwnedPasswordsUnavailableError('malformed');
    }
    entries += 1;
    seen ||= candidate.toUpperCase() === suffix && Number(count) > 0;
  }
  if (entries === 0) {
    throw new PwnedPasswordsUnavailableError('malformed');
  }
  return seen;
}

function unavailable(error: unknown): PwnedPasswordsUnavailableError {
  if (error instanceof PwnedPasswordsUnavailableError) {
    return error;
  }
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new PwnedPasswordsUnavailableError('timeout');
  }
  const cause = error instanceof Error ? error.cause : undefined;
  const code = cause instanceof Error && 'code' in cause ? cause.code : undefined;
  return new PwnedPasswordsUnavailableError(
    'network',
    typeof code === 'string' && ERROR_CODE.test(code) ? code : undefined,
  );
}
