import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderOpenApiDocument } from '../src/render-openapi.js';

describe('openapi.json', () => {
  it('matches the routes (run `pnpm --filter @bulwark/api openapi` after changing them)', async () => {
    const committed = readFileSync(new URL('../openapi.json', import.meta.url), 'utf8');
    expect(await renderOpenApiDocument()).toBe(committed);
  });
});
