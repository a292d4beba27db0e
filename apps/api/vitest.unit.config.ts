import swc from 'unplugin-swc';
import { defineProject } from 'vitest/config';

// The unit specs beside the code. The suites under test/ are their own project
// (vitest.integration.config.ts), which extends this one; vitest.config.ts runs both.
export default defineProject({
  // SWC keeps decorator metadata, which Nest's dependency injection reads.
  plugins: [swc.vite({ module: { type: 'es6' } })],
  // Workspace packages are tested from source: Vite transforms them like the app's own files.
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    name: 'api',
    server: { deps: { inline: [/@bulwark\//] } },
    include: ['src/**/*.spec.ts'],
    // Hang guards, not performance limits: suites that spawn the CLI several times need room on a busy machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
