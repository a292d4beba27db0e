import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'infra',
    include: ['test/**/*.spec.ts'],
    // Five seconds (Vitest's default) is too tight for a shared two-core CI machine running four
    // files at once; a hang still fails well before the run's own limits.
    testTimeout: 30_000,
  },
});
