import { defineConfig } from 'vitest/config';

// `pnpm exec vitest run <file>` from this folder finds a file of either project.
export default defineConfig({
  test: { projects: ['vitest.unit.config.ts', 'vitest.integration.config.ts'] },
});
