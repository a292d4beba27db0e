/** Test support other workspace packages may use (`@bulwark/api/testing`): the benchmarks do. */
export { latestMailedToken } from './outbox.js';
export { createScratchDatabase, type ScratchDatabase } from './test-database.js';
export { EICAR, startClamd, type PrivateClamd } from './clamd.js';
export { pdfOfSize } from './sample-files.js';
