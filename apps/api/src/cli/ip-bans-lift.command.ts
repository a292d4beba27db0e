import { isIP } from 'node:net';
import { Inject } from '@nestjs/common';
import { Command, CommandRunner } from 'nest-commander';
import type { AppConfig } from '../app.config.js';
import { APP_CONFIG } from '../platform/config/config.module.js';
import { IpBanService } from '../security/ip-bans/ip-ban.service.js';
import { IpBanNotFoundError } from '../security/ip-bans/ip-bans.errors.js';
import { withDataContext } from './data-context.js';

@Command({
  name: 'ip-bans:lift',
  arguments: '<ip>',
  description: 'Lift the ban of a client address (an IPv6 address lifts its /64), audited',
})
export class IpBansLiftCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run([ip = '']: string[]): Promise<void> {
    if (isIP(ip) === 0) {
      throw new Error(`${ip === '' ? 'An address' : 'This'} is not an IPv4 or IPv6 address`);
    }
    if (this.config.redis.url === undefined) {
      throw new Error(
        'Without REDIS_URL, bans live in the memory of the API process: restart it to lift them all, or use DELETE /admin/ip-bans/:ip',
      );
    }
    try {
      await withDataContext(this.config, (context) => context.get(IpBanService).lift(ip, 'system'));
    } catch (error) {
      if (error instanceof IpBanNotFoundError) {
        throw new Error(`${ip} is not banned`, { cause: error });
      }
      throw error;
    }
    process.stdout.write(`lifted the ban of ${ip}\n`);
  }
}
