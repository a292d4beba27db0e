import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ownVersion } from './sources.js';
import { buildTemplate } from './template.js';

// `pnpm run build:template` (and prepack): the repository's tracked files at this version.
const output = fileURLToPath(new URL('../template/bulwark-template.json', import.meta.url));
const root = execFileSync('git', ['rev-parse', '--show-toplevel'], {
  cwd: fileURLToPath(new URL('..', import.meta.url)),
  encoding: 'utf8',
}).trim();
const template = buildTemplate(root, ownVersion());
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, JSON.stringify(template));
process.stdout.write(`${template.files.length} files, ${template.hash}\n`);
