import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderOpenApiDocument } from './render-openapi.js';

/** `pnpm --filter @bulwark/api openapi`: rewrites the committed apps/api/openapi.json. */
const target = fileURLToPath(new URL('../openapi.json', import.meta.url));
writeFileSync(target, await renderOpenApiDocument());
process.stdout.write(`Wrote ${target}\n`);
