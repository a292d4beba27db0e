import { defineProject } from 'vitest/config';

// `pnpm test:security:proof`: slow by nature (the API from the build, the suite twice), so not in
// `pnpm test`; CI runs it after the build.
export default defineProject({
  // Workspace packages (@bulwark/tls-inspection) are tested from source, not from a stale build.
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    server: { deps: { inline: [/@bulwark\//] } },
    name: 'security-proof',
    include: ['proof/**/*.e2e-spec.ts'],
    testTimeout: 600_000,
    hookTimeout: 180_000,
  },
});
