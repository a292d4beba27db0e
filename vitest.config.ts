import { defineConfig } from 'vitest/config';

// CI asks for a machine-readable summary too; see .ci/run.
const jsonReport = process.env.VITEST_JSON_REPORT;

// One command runs every workspace's suite; each project keeps its own config.
export default defineConfig({
  test: {
    projects: ['apps/*', 'packages/*', 'test/*'],
    reporters: jsonReport ? ['default', ['json', { outputFile: jsonReport }]] : ['default'],
  },
});
