import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'field-encryption', include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'] },
});
