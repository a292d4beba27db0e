import { defineProject, mergeConfig } from 'vitest/config';
import unit from './vitest.unit.config.js';

/**
 * The suites that start the API or its CLI as child processes (`runApiEntry`, `runCli`): each
 * process loads the application from source, seconds of CPU apiece, so together they take longer
 * than all the other suites. They are their own project (vitest.processes.config.ts) and command,
 * `pnpm test:processes`, which CI runs beside `pnpm test`.
 */
export const PROCESS_SUITES = [
  'test/admin-create.e2e-spec.ts',
  'test/audit-trail.e2e-spec.ts',
  'test/boot.e2e-spec.ts',
  'test/cli.e2e-spec.ts',
  'test/dev-mail.e2e-spec.ts',
  'test/encrypted-columns-rotation.e2e-spec.ts',
  'test/key-rotation.e2e-spec.ts',
  'test/multi-instance.e2e-spec.ts',
  'test/pwned-passwords.e2e-spec.ts',
  'test/shutdown.e2e-spec.ts',
  'test/tracing.e2e-spec.ts',
];

/**
 * The suites that need the Debian `prometheus` package: promtool's rule tests, and a real
 * Prometheus scraping the API while the suite attacks it. `pnpm test:monitoring`, also run by CI.
 */
export const MONITORING_SUITES = ['test/monitoring/*.e2e-spec.ts'];

/**
 * The suites that drive a real browser (headless Chromium): slow by nature, so their own project
 * (vitest.browser.config.ts) and command, `pnpm test:browser`, which CI runs beside `pnpm test`.
 */
export const BROWSER_SUITES = ['test/passkeys.e2e-spec.ts'];

/** The unit project's settings, with the suites under test/ and what they share. */
export function integrationProject(
  name: string,
  include: string[],
  exclude: string[] = [],
): ReturnType<typeof mergeConfig> {
  return mergeConfig(
    { ...unit, test: { ...unit.test, include: [] } },
    defineProject({
      test: {
        name,
        include,
        exclude,
        globalSetup: ['test/support/global-setup.ts'],
        // Each suite starts its own apps, databases and data directories, and no suite mocks a
        // module: the suites of one worker share its loaded modules instead of loading Nest,
        // TypeORM and the application again for every file (half the CPU of the run).
        // The unit specs stay isolated: some define entities of their own.
        isolate: false,
      },
    }),
  );
}

export default integrationProject(
  'api-integration',
  ['test/**/*.spec.ts', 'test/**/*.e2e-spec.ts'],
  [...PROCESS_SUITES, ...MONITORING_SUITES, ...BROWSER_SUITES],
);
