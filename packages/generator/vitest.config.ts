import { defineProject } from 'vitest/config';

// CLI specs spawn Node; the rest read this repository and temporary copies.
export default defineProject({
  test: {
    name: 'generator',
    include: ['test/**/*.spec.ts'],
    // A hang guard: the CLI specs start Node with SWC, seconds each on a busy machine.
    testTimeout: 60_000,
  },
});
