import { REQUIREMENTS } from './requirements.js';

/** One line for what a bare machine skips; in CI every part must be there. */
export default function reportRequirements(): void {
  const missing = REQUIREMENTS.filter((requirement) => !requirement.present);
  if (missing.length === 0) {
    return;
  }
  const parts = missing
    .map((requirement) => `${requirement.name} (${requirement.hint})`)
    .join(', ');
  if (process.env.CI !== undefined && process.env.CI !== '') {
    throw new Error(`CI runs every suite, but this machine lacks ${parts}`);
  }
  process.stderr.write(`[api] skipped: the suites that need ${parts}\n`);
}
