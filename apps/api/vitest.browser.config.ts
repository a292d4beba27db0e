import { BROWSER_SUITES, integrationProject } from './vitest.integration.config.js';

export default integrationProject('api-browser', BROWSER_SUITES);
