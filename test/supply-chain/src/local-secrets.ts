import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoPath } from './repo.js';

export const GENERATOR = repoPath('infra', 'docker', 'gen-local-secrets.sh');

/** Runs the compose stack's secrets generator into a new temporary directory; returns it. */
export async function generateLocalSecrets(): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'bulwark-secrets-')), 'secrets');
  await promisify(execFile)('bash', [GENERATOR, dir]);
  return dir;
}
