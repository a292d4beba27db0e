import { integrationProject } from './vitest.integration.config.js';

/** The suites that drive a real browser (`pnpm test:browser`): slow by nature, so their own command. */
export default integrationProject('api-browser', ['test/**/*.browser-spec.ts']);
