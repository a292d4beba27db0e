import { Inject } from '@nestjs/common';
import { Command, CommandRunner } from 'nest-commander';
import type { AppConfig } from '../app.config.js';
import { APP_CONFIG } from '../platform/config/config.module.js';
import { KeyRotationService } from '../security/field-encryption/key-rotation.service.js';
import { withDataContext } from './data-context.js';

@Command({
  name: 'keys:status',
  description: 'Count stored values per key id, per encrypted column',
})
export class KeysStatusCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run(): Promise<void> {
    const { active, columns } = await withDataContext(this.config, async (context) => {
      const rotation = context.get(KeyRotationService);
      return { active: rotation.activeKeyIds(), columns: await rotation.status() };
    });
    process.stdout.write(
      `active: field-encryption ${active.keyId}, blind-index ${active.blindIndexKeyId}\n`,
    );
    for (const { column, ring, counts } of columns) {
      const perKey = [...counts].map(([keyId, count]) => `${keyId}=${count}`).join(' ');
      process.stdout.write(`${column} (${ring}): ${perKey === '' ? 'empty' : perKey}\n`);
    }
  }
}
