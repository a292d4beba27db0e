import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Re-creates src/security/passwords/data/common-passwords.json from a pinned npm package (provenance and
 * licence: src/security/passwords/data/README.md). Run from apps/api:
 *   node --import @swc-node/register/esm-register scripts/extract-common-passwords.ts
 */
const PACKAGE = '@zxcvbn-ts/language-common@4.1.3';
// The registry's dist.integrity for that version: a re-published tarball must not slip in unnoticed.
const INTEGRITY =
  'sha512-g2bg4skmlJG9aJqC/nWziZzgYpSe/f3rKeGobrkdFiOrfZVFqqzUgC6BUQWuX54Sua9j0Jxxt+1bf4f/Mal1Kg==';
const LIST = 'package/src/passwords.json';
const LICENSE = 'package/LICENSE.txt';
// PASSWORD_MIN_LENGTH can never go below 8 (env.schema.ts): shorter entries could never match.
const SHORTEST_ACCEPTED = 8;

const dataDir = fileURLToPath(new URL('../src/security/passwords/data/', import.meta.url));
const workDir = mkdtempSync(join(tmpdir(), 'bulwark-common-passwords-'));
try {
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', PACKAGE, '--json', '--pack-destination', workDir], {
      encoding: 'utf8',
    }),
  ) as [{ filename: string }];
  const tarball = join(workDir, packed.filename);
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (integrity !== INTEGRITY) {
    throw new Error(`${PACKAGE}: integrity ${integrity} is not the pinned ${INTEGRITY}`);
  }
  execFileSync('tar', ['-xzf', tarball, '-C', workDir, LIST, LICENSE]);

  const upstream = JSON.parse(readFileSync(join(workDir, LIST), 'utf8')) as string[];
  // Upstream order (most frequent first) is kept; the policy compares in lower case, as upstream stores.
  const entries = upstream.filter((entry) => Array.from(entry).length >= SHORTEST_ACCEPTED);
  if (entries.some((entry) => entry !== entry.toLowerCase())) {
    throw new Error(`${PACKAGE}: expected a lower-case list`);
  }
  writeFileSync(join(dataDir, 'common-passwords.json'), `${JSON.stringify(entries, null, 2)}\n`);
  copyFileSync(join(workDir, LICENSE), join(dataDir, 'common-passwords.LICENSE.txt'));
  process.stdout.write(
    `${PACKAGE}: ${entries.length} of ${upstream.length} entries kept (at least ${SHORTEST_ACCEPTED} code points)\n`,
  );
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
