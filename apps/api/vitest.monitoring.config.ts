import { integrationProject, MONITORING_SUITES } from './vitest.integration.config.js';

export default integrationProject('api-monitoring', MONITORING_SUITES);
