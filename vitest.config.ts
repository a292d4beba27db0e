import { defineConfig } from 'vitest/config';

// One command runs every workspace's suite; each project keeps its own config.
export default defineConfig({
  test: {
    projects: ['apps/*', 'packages/*'],
  },
});
