import { fileURLToPath } from 'node:url';

export const REPOSITORY_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const PACKAGE_DIR = fileURLToPath(
  new URL('../../../packages/create-bulwark', import.meta.url),
);
export const BIN = fileURLToPath(
  new URL('../../../packages/create-bulwark/bin/create-bulwark.js', import.meta.url),
);
