import { generateKey } from '@bulwark/field-encryption';
import { Command, CommandRunner, Option } from 'nest-commander';

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

@Command({
  name: 'keys:generate',
  description:
    'Print a new random key as <kid>:<base64>, for FIELD_ENCRYPTION_KEYS, BLIND_INDEX_KEYS or AUDIT_CHAIN_KEYS',
})
export class KeysGenerateCommand extends CommandRunner {
  run(_params: string[], options: { id?: string }): Promise<void> {
    const keyId = options.id ?? `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`;
    process.stdout.write(`${keyId}:${generateKey()}\n`);
    return Promise.resolve();
  }

  @Option({
    flags: '--id <kid>',
    description: 'key id (letters, digits, _ and -; default k<yyyymmdd>)',
  })
  parseId(value: string): string {
    if (!KEY_ID.test(value)) {
      throw new Error('--id: letters, digits, _ and - only, at most 32');
    }
    return value;
  }
}
