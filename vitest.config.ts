import { defineConfig } from 'vitest/config';

// CI asks for a machine-readable summary too; see .ci/run.
const jsonReport = process.env.VITEST_JSON_REPORT;

// One command runs every workspace's suite; each project keeps its own config.
export default defineConfig({
  test: {
    projects: [
      'apps/api/vitest.unit.config.ts',
      'apps/api/vitest.integration.config.ts',
      'packages/*',
      'test/*',
    ],
    // Most suites wait on child processes, databases and sockets rather than on the CPU: four files
    // at once on two cores (Vitest's default would be one) keep the whole run well under 5 minutes.
    maxWorkers: 4,
    reporters: jsonReport ? ['default', ['json', { outputFile: jsonReport }]] : ['default'],
  },
});
