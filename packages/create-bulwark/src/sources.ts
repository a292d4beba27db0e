import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTemplate, type Template } from './template.js';

const BUNDLED = new URL('../template/bulwark-template.json', import.meta.url);
const TEMPLATE_IN_PACKAGE = 'package/template/bulwark-template.json';

/** The version of this create-bulwark, which is the version of the template it carries. */
export function ownVersion(): string {
  const manifest = JSON.parse(
    readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
  ) as { version: string };
  return manifest.version;
}

/** The template packed into this create-bulwark. */
export function bundledTemplate(): Template {
  if (!existsSync(BUNDLED)) {
    throw new Error(
      'this create-bulwark has no template: build it with `pnpm --filter create-bulwark build:template`',
    );
  }
  return parseTemplate(readFileSync(BUNDLED, 'utf8'), 'the bundled template');
}

/** A template from a file: `bulwark-template.json`, or a packed create-bulwark (`.tgz`). */
export function templateFromFile(path: string): Template {
  if (!existsSync(path)) {
    throw new Error(`${path} does not exist`);
  }
  if (!/\.t(?:ar\.)?gz$/.test(path)) {
    return parseTemplate(readFileSync(path, 'utf8'), path);
  }
  const json = execFileSync('tar', ['-xzOf', path, TEMPLATE_IN_PACKAGE], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return parseTemplate(json, path);
}

/** The template of a published create-bulwark version, fetched with `npm pack` (no install). */
export function publishedTemplate(version: string): Template {
  const directory = mkdtempSync(join(tmpdir(), 'create-bulwark-'));
  try {
    const packed = execFileSync(
      'npm',
      ['pack', `create-bulwark@${version}`, '--pack-destination', directory, '--json'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const [{ filename }] = JSON.parse(packed) as [{ filename: string }];
    return templateFromFile(join(directory, filename));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
