import { defineConfig } from 'vitest/config';

// `pnpm exec vitest run <file>` from this folder finds a file of any of the three projects.
export default defineConfig({
  test: {
    projects: [
      'vitest.unit.config.ts',
      'vitest.integration.config.ts',
      'vitest.processes.config.ts',
    ],
  },
});
