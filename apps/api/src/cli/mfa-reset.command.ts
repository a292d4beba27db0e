import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { AdminAccountService } from '../identity/accounts/admin-account.service.js';
import type { AppConfig } from '../app.config.js';
import { APP_CONFIG } from '../platform/config/config.module.js';
import { withDataContext } from './data-context.js';

/** `pnpm cli mfa:reset --email a@example.com`: see docs/runbooks/mfa-reset.md first. */
@Command({
  name: 'mfa:reset',
  description: "Remove a user's second factor and end their sessions (lost authenticator)",
})
export class MfaResetCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run(_params: string[], options: { email?: string }): Promise<void> {
    const email = options.email;
    if (email === undefined) {
      throw new Error('--email is required');
    }
    const userId = await withDataContext(this.config, (context) =>
      context.get(AdminAccountService).resetMfa(email),
    );
    process.stdout.write(`reset MFA of ${userId}; every session ended\n`);
  }

  @Option({ flags: '--email <address>', description: 'the user’s e-mail address', required: true })
  parseEmail(value: string): string {
    return value;
  }
}
