import { join } from 'node:path';
import { Inject } from '@nestjs/common';
import { Command, CommandRunner } from 'nest-commander';
import type { AppConfig } from '../app.config.js';
import { APP_CONFIG } from '../platform/config/config.module.js';
import { writeDevCertificate } from '../platform/tls/dev-certificate.js';

@Command({
  name: 'tls:dev-cert',
  description: 'Write a self-signed certificate for https://localhost (development only)',
})
export class TlsDevCertCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run(): Promise<void> {
    if (this.config.isProduction) {
      throw new Error('tls:dev-cert is for development; production certificates come from a CA');
    }
    const { certFile, keyFile } = await writeDevCertificate(join(this.config.dataDir, 'tls'));
    process.stdout.write(`TLS_CERT_FILE=${certFile}\nTLS_KEY_FILE=${keyFile}\n`);
  }
}
