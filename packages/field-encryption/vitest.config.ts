import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'field-encryption',
    include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
    // A hang guard, not a performance limit: property tests of 1000 runs take seconds on a busy machine.
    testTimeout: 60_000,
  },
});
