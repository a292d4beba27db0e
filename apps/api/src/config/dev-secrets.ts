import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED_SECRETS, envSchema, type Env, type GeneratedSecret } from './env.schema.js';
import { ConfigError } from './config.errors.js';

const SECRETS_FILE = 'secrets.json';

/**
 * Outside production, fills in secrets the operator did not configure from `<dataDir>/secrets.json`,
 * generating them on first use so that a bare `pnpm dev` works and keeps its data across restarts.
 * Production never reaches the generation path: its policy requires every secret.
 */
export function resolveGeneratedSecrets(
  env: Env,
  dataDir: string,
  warn: (message: string) => void,
): Record<GeneratedSecret, string> {
  const stored = GENERATED_SECRETS.some((name) => env[name] === undefined)
    ? readStoredSecrets(dataDir)
    : {};
  const generated: GeneratedSecret[] = [];
  const take = (name: GeneratedSecret): string => {
    const value = env[name] ?? stored[name];
    if (value !== undefined) {
      return value;
    }
    generated.push(name);
    return (stored[name] = `dev1:${randomBytes(32).toString('base64')}`);
  };
  const resolved = {
    FIELD_ENCRYPTION_KEYS: take('FIELD_ENCRYPTION_KEYS'),
    BLIND_INDEX_KEYS: take('BLIND_INDEX_KEYS'),
  };
  if (generated.length > 0) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(join(dataDir, SECRETS_FILE), `${JSON.stringify(stored, null, 2)}\n`, {
      mode: 0o600,
    });
    warn(
      `Generated development secrets ${generated.join(', ')} into ${join(dataDir, SECRETS_FILE)}; production requires them to be configured`,
    );
  }
  return resolved;
}

function readStoredSecrets(dataDir: string): Partial<Record<GeneratedSecret, string>> {
  const path = join(dataDir, SECRETS_FILE);
  if (!existsSync(path)) {
    return {};
  }
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new ConfigError([`${path}: unreadable; delete it to generate new development secrets`]);
  }
  // The stored values pass the same validation as configured ones.
  const parsed = envSchema
    .pick({ FIELD_ENCRYPTION_KEYS: true, BLIND_INDEX_KEYS: true })
    .safeParse(content);
  if (!parsed.success) {
    throw new ConfigError([`${path}: invalid; delete it to generate new development secrets`]);
  }
  return parsed.data;
}
