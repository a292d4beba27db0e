import { resolve } from 'node:path';
import type { Env } from './env.schema.js';

export type RuntimeEnv = Env['NODE_ENV'];

/** Where and how strictly the process runs. */
export interface RuntimeConfig {
  readonly env: RuntimeEnv;
  readonly isProduction: boolean;
  /** OpenAPI UI at /docs: never in production, where it would map the attack surface for free. */
  readonly docsEnabled: boolean;
  readonly dataDir: string;
}

export function runtimeConfigFrom(env: Env): RuntimeConfig {
  const isProduction = env.NODE_ENV === 'production';
  return {
    env: env.NODE_ENV,
    isProduction,
    docsEnabled: !isProduction,
    dataDir: resolve(env.DATA_DIR),
  };
}
