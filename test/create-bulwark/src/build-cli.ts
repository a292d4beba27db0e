import { execFileSync } from 'node:child_process';
import { PACKAGE_DIR } from './paths.js';

/** Vitest globalSetup: the command-line tests run the built bin, as users do. */
export default function setup(): void {
  execFileSync('pnpm', ['run', 'build'], { cwd: PACKAGE_DIR, stdio: 'ignore' });
}
