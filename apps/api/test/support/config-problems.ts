import { loadConfig } from '../../src/app.config.js';
import { ConfigError } from '../../src/platform/config/config.errors.js';

/** The problems `loadConfig` reports for `env`; fails the test when the configuration is accepted. */
export function configProblems(env: Readonly<Record<string, string>>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.problems;
    }
    throw error;
  }
  throw new Error('expected a ConfigError');
}
