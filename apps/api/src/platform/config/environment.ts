import { ConfigError } from './config.errors.js';
import { envSchema, type Env } from './env.schema.js';
import { withSecretFiles, type SecretFilePolicy } from './secret-files.js';

// Any setting may come from a mounted file (<NAME>_FILE); NODE_ENV says how strictly files are judged.
const FROM_FILES = Object.keys(envSchema.shape).filter((name) => name !== 'NODE_ENV');

export interface ReadEnvironmentOptions {
  /** Receives one line per generated development secret, and per secret file others may read. */
  readonly warn?: (message: string) => void;
}

export interface Environment {
  readonly env: Env;
  /** How secret files are judged (and warned about) in this environment. */
  readonly secretFiles: SecretFilePolicy & { readonly warn: (message: string) => void };
}

/**
 * Reads `source` (normally `process.env`), secret files included, against the schema of every
 * variable; throws one {@link ConfigError} listing every problem.
 */
export function readEnvironment(
  source: Readonly<Record<string, string | undefined>>,
  options: ReadEnvironmentOptions = {},
): Environment {
  const warn = options.warn ?? (() => undefined);
  const secretFiles = { production: source.NODE_ENV === 'production', warn };
  const parsed = envSchema.safeParse(withSecretFiles(source, FROM_FILES, secretFiles));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`),
    );
  }
  return { env: parsed.data, secretFiles };
}
