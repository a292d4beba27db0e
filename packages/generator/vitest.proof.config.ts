import { defineConfig } from 'vitest/config';

// `pnpm test:generator`: one clone, installed once, then generated and checked step by step.
export default defineConfig({
  test: {
    name: 'generator-proof',
    include: ['test/**/*.proof-spec.ts'],
    // Hang guards: lint, typecheck and the key-rotation suite take minutes on a busy machine.
    testTimeout: 45 * 60_000,
    hookTimeout: 15 * 60_000,
  },
});
