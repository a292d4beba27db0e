import { Inject } from '@nestjs/common';
import { Command, CommandRunner } from 'nest-commander';
import type { AppConfig } from '../app.config.js';
import { APP_CONFIG } from '../platform/config/config.module.js';
import { KeyRotationService } from '../security/field-encryption/key-rotation.service.js';
import { withDataContext } from './data-context.js';

@Command({
  name: 'keys:retire',
  arguments: '<kid>',
  description: 'Check that a key id is unused, so it can be removed from its key ring',
})
export class KeysRetireCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run([keyId = '']: string[]): Promise<void> {
    const check = await withDataContext(this.config, (context) =>
      context.get(KeyRotationService).checkRetirement(keyId),
    );
    if (check.active) {
      throw new Error(
        `${keyId} is an active key: make another key active and run keys:rotate first`,
      );
    }
    if (check.valuesUsingKey.size > 0) {
      const total = [...check.valuesUsingKey.values()].reduce((sum, count) => sum + count, 0);
      const columns = [...check.valuesUsingKey].map(([column, count]) => `${column}=${count}`);
      throw new Error(
        `${keyId} still protects ${total} stored values (${columns.join(', ')}): run keys:rotate first`,
      );
    }
    process.stdout.write(
      `${keyId} is not used by any stored value: remove it from its key ring and restart\n`,
    );
  }
}
