import { defineProject } from 'vitest/config';

// The proof (`pnpm test:generator`, vitest.proof.config.ts) takes minutes: not in `pnpm test`.
export default defineProject({
  test: {
    name: 'generator',
    include: ['test/**/*.spec.ts'],
    // A hang guard: the CLI specs start Node with SWC, seconds each on a busy machine.
    testTimeout: 60_000,
  },
});
