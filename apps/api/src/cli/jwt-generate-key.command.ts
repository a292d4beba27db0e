import { Command, CommandRunner } from 'nest-commander';
import { generateSigningKeyPem } from '../identity/tokens/signing-keys.js';

@Command({
  name: 'jwt:generate-key',
  description:
    'Print a new ES256 (P-256) private key in PEM, for JWT_SIGNING_KEY_FILES or JWT_SIGNING_KEYS',
})
export class JwtGenerateKeyCommand extends CommandRunner {
  run(): Promise<void> {
    process.stdout.write(generateSigningKeyPem());
    return Promise.resolve();
  }
}
