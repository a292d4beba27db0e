import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'tls-inspection', include: ['src/**/*.spec.ts'] },
});
