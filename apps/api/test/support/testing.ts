/** Test support other workspace packages may use (`@bulwark/api/testing`): the benchmarks do. */
export { latestMailedToken } from './outbox.js';
export { createScratchDatabase, type ScratchDatabase } from './test-database.js';
