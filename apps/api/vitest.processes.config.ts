import { integrationProject, PROCESS_SUITES } from './vitest.integration.config.js';

export default integrationProject('api-processes', PROCESS_SUITES);
