#!/usr/bin/env node
// `pnpm cli <command>` from the repository root runs this bin, not a package script: pnpm appends
// an ELIFECYCLE block to every script that exits non-zero, and a failed command's one line should
// be all a person sees. Runs src/cli.ts from source in apps/api, as the script did.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const apiRoot = fileURLToPath(new URL('..', import.meta.url));
const { status } = spawnSync(
  process.execPath,
  [
    '--conditions=source',
    '--import',
    '@swc-node/register/esm-register',
    'src/cli.ts',
    ...process.argv.slice(2),
  ],
  { cwd: apiRoot, stdio: 'inherit' },
);
process.exit(status ?? 1);
