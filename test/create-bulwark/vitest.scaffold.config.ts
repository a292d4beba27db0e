import { defineConfig } from 'vitest/config';

// `pnpm test:scaffold`: packs create-bulwark, scaffolds, installs, lints, typechecks, tests and
// starts the new project. Minutes, so kept out of the default `pnpm test`.
export default defineConfig({
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    name: 'scaffold',
    include: ['test/**/*.e2e-spec.ts'],
    testTimeout: 1_200_000,
    hookTimeout: 300_000,
  },
});
