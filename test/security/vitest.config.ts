import { defineProject } from 'vitest/config';

export default defineProject({
  // Workspace packages (@bulwark/tls-inspection) are tested from source, not from a stale build.
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    server: { deps: { inline: [/@bulwark\//] } },
    name: 'security',
    include: ['test/**/*.e2e-spec.ts', 'src/**/*.spec.ts'],
    // Hang guards: the suite boots the API and a CLI on a busy 2-core machine.
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
