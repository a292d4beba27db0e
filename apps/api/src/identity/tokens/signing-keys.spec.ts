import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configProblems } from '../../../test/support/config-problems.js';
import { envSchema } from '../../platform/config/env.schema.js';
import { productionPolicyViolations } from '../../platform/config/production-policy.js';
import { generateSigningKeyPem, resolveSigningKeys } from './signing-keys.js';

describe(resolveSigningKeys.name, () => {
  let dataDir: string;
  const policy = { production: true, warn: () => undefined };
  const resolve = (env: Record<string, string>) =>
    resolveSigningKeys(envSchema.parse(env), dataDir, policy);

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bulwark-signing-keys-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('JWT_SIGNING_KEYS (the PEMs themselves, as ECS injects secrets)', () => {
    it('reads <kid>:<PEM> entries with their line breaks, the active key first', () => {
      const j1 = generateSigningKeyPem();
      const j2 = generateSigningKeyPem();
      const keys = resolve({ JWT_SIGNING_KEYS: `j1:${j1},\nj2:${j2}`, JWT_ACTIVE_KEY_ID: 'j2' });
      expect(keys.activeKeyId).toBe('j2');
      expect(keys.keys.map((key) => key.id)).toEqual(['j2', 'j1']);
      expect(keys.keys[1]?.privateKey.export({ type: 'pkcs8', format: 'pem' })).toBe(j1);
    });

    it('refuses a key that is not P-256, naming its entry and not its content', () => {
      const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString();
      const problems = configProblems({
        DATA_DIR: dataDir,
        JWT_SIGNING_KEYS: `j1:${generateSigningKeyPem()},r1:${rsa}`,
        JWT_ACTIVE_KEY_ID: 'j1',
      });
      expect(problems).toEqual(['JWT_SIGNING_KEYS: entry 2 is not a P-256 (ES256) key']);
    });

    it('refuses a PEM whose line breaks were escaped as \\n, and says so', () => {
      const escaped = generateSigningKeyPem().replaceAll('\n', '\\n');
      const problems = configProblems({
        DATA_DIR: dataDir,
        JWT_SIGNING_KEYS: `j1:${escaped}`,
        JWT_ACTIVE_KEY_ID: 'j1',
      });
      expect(problems).toEqual([
        'JWT_SIGNING_KEYS: entry 1 is not a PEM private key (line breaks, not \\n escapes)',
      ]);
    });

    it('requires the active key among them', () => {
      expect(
        configProblems({
          DATA_DIR: dataDir,
          JWT_SIGNING_KEYS: `j1:${generateSigningKeyPem()}`,
          JWT_ACTIVE_KEY_ID: 'j2',
        }),
      ).toEqual(['JWT_ACTIVE_KEY_ID: must name one of the signing keys']);
    });

    it('refuses an entry without a key id', () => {
      expect(
        configProblems({ DATA_DIR: dataDir, JWT_SIGNING_KEYS: generateSigningKeyPem() }),
      ).toEqual(['JWT_SIGNING_KEYS: entry 1 is not <kid>:<PEM>']);
    });

    it('is refused alongside JWT_SIGNING_KEY_FILES', () => {
      const file = join(dataDir, 'j1.pem');
      writeFileSync(file, generateSigningKeyPem(), { mode: 0o600 });
      expect(
        configProblems({
          DATA_DIR: dataDir,
          JWT_SIGNING_KEYS: `j1:${generateSigningKeyPem()}`,
          JWT_SIGNING_KEY_FILES: `j1:${file}`,
          JWT_ACTIVE_KEY_ID: 'j1',
        }),
      ).toEqual(['JWT_SIGNING_KEYS, JWT_SIGNING_KEY_FILES: set one, not both']);
    });

    it('satisfies production in place of JWT_SIGNING_KEY_FILES', () => {
      const violations = (env: Record<string, string>) =>
        productionPolicyViolations(envSchema.parse({ NODE_ENV: 'production', ...env })).filter(
          (line) => line.startsWith('JWT_'),
        );
      expect(violations({})).toEqual([expect.stringMatching(/^JWT_SIGNING_KEY_FILES: required/)]);
      expect(violations({ JWT_SIGNING_KEYS: `j1:${generateSigningKeyPem()}` })).toEqual([]);
    });
  });
});
