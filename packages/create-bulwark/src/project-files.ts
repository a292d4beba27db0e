import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ProjectOptions, RenderedFile } from './render.js';
import type { Template } from './template.js';

export const RECORD_FILE = '.bulwark.json';

/** `.bulwark.json`: which template a project came from and how it was rendered. */
export interface ProjectRecord {
  readonly template: 'create-bulwark';
  readonly version: string;
  readonly hash: string;
  readonly name: string;
  readonly scope: string;
  // withInfra is absent from records made before --no-infra existed: those kept the Terraform.
  readonly options: { readonly withBench: boolean; readonly withInfra?: boolean };
}

export function projectRecord(template: Template, options: ProjectOptions): ProjectRecord {
  return {
    template: 'create-bulwark',
    version: template.version,
    hash: template.hash,
    name: options.name,
    scope: options.scope,
    options: { withBench: options.withBench, withInfra: options.withInfra },
  };
}

export function recordText(record: ProjectRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

export function writeRenderedFile(root: string, file: RenderedFile): void {
  const target = join(root, file.path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, file.bytes);
  chmodSync(target, file.executable ? 0o755 : 0o644);
}
