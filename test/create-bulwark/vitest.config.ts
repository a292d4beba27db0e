import { defineProject } from 'vitest/config';

export default defineProject({
  // The scaffolder is tested from source, and its command line from the build globalSetup makes.
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    name: 'scaffolder',
    include: ['test/**/*.spec.ts'],
    globalSetup: ['src/build-cli.ts'],
    // Rendering formats a few hundred renamed files with Prettier: seconds on a busy machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
