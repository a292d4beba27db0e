import { defineProject, mergeConfig } from 'vitest/config';
import unit from './vitest.unit.config.js';

export default mergeConfig(
  { ...unit, test: { ...unit.test, include: [] } },
  defineProject({
    test: {
      name: 'api-integration',
      include: ['test/**/*.spec.ts', 'test/**/*.e2e-spec.ts'],
      globalSetup: ['test/support/global-setup.ts'],
      // Each suite starts its own apps, databases and data directories, and no suite mocks a
      // module: the suites of one worker share its loaded modules instead of loading Nest,
      // TypeORM and the application again for every file (half the CPU of the run).
      // The unit specs stay isolated: some define entities of their own.
      isolate: false,
    },
  }),
);
