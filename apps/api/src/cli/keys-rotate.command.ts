import { Inject } from '@nestjs/common';
import { SingleBar } from 'cli-progress';
import { Command, CommandRunner, Option } from 'nest-commander';
import type { AppConfig } from '../app.config.js';
import { APP_CONFIG } from '../platform/config/config.module.js';
import {
  KeyRotationService,
  type RotationProgress,
} from '../security/field-encryption/key-rotation.service.js';
import { withDataContext } from './data-context.js';

const DEFAULT_BATCH_SIZE = 500;

@Command({
  name: 'keys:rotate',
  description: 'Re-encrypt every value (and blind index) not under the active keys, then verify',
})
export class KeysRotateCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run(_params: string[], options: { batchSize?: number }): Promise<void> {
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    const report = await withDataContext(this.config, async (context) => {
      const rotation = context.get(KeyRotationService);
      const rotated = await rotation.rotate(batchSize, progressReporter());
      return { ...rotated, ...(await rotation.verify(batchSize)) };
    });
    process.stdout.write(
      `rotated ${report.rotated}; verified ${report.checked} values: ${report.failed} failed to decrypt, ${report.stale} not under the active keys\n`,
    );
    if (report.failed > 0 || report.stale > 0) {
      throw new Error(
        'rotation incomplete: see crypt_decrypt_fail in the logs, fix or restore those rows, run again',
      );
    }
  }

  @Option({
    flags: '--batch-size <n>',
    description: `rows per update (default ${DEFAULT_BATCH_SIZE})`,
  })
  parseBatchSize(value: string): number {
    const size = Number(value);
    if (!Number.isInteger(size) || size < 1 || size > 10_000) {
      throw new Error('--batch-size: an integer from 1 to 10000');
    }
    return size;
  }
}

/** A progress bar on a terminal; one line per batch otherwise, so logs and tests can follow. */
function progressReporter(): (progress: RotationProgress) => void {
  if (!process.stderr.isTTY) {
    return ({ column, done, total }) => {
      process.stdout.write(`${column}: ${done}/${total}\n`);
    };
  }
  let bar: SingleBar | undefined;
  let current = '';
  return ({ column, done, total }) => {
    if (column !== current) {
      bar?.stop();
      current = column;
      bar = new SingleBar({ format: `${column} [{bar}] {value}/{total}` });
      bar.start(total, done);
    }
    bar?.update(done);
    if (done >= total) {
      bar?.stop();
    }
  };
}
