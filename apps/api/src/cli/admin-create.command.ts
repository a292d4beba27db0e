import { Inject } from '@nestjs/common';
import {
  Command,
  CommandRunner,
  InquirerService,
  Option,
  Question,
  QuestionSet,
} from 'nest-commander';
import { AdminAccountService } from '../identity/accounts/admin-account.service.js';
import type { AppConfig } from '../app.config.js';
import { APP_CONFIG } from '../platform/config/config.module.js';
import { withDataContext } from './data-context.js';

const PASSWORD_QUESTIONS = 'admin-password';

@QuestionSet({ name: PASSWORD_QUESTIONS })
export class AdminPasswordQuestions {
  @Question({ type: 'password', name: 'password', message: 'Password:', mask: '' })
  parsePassword(value: string): string {
    return value;
  }

  @Question({ type: 'password', name: 'confirmation', message: 'Again:', mask: '' })
  parseConfirmation(value: string): string {
    return value;
  }
}

/**
 * `pnpm cli admin:create --email a@example.com`: the password is typed at a hidden prompt, or
 * piped on stdin (`… < file`, a secret manager), never passed as an argument, which `ps` and
 * shell history would show to others.
 */
@Command({
  name: 'admin:create',
  description: 'Create an admin account; the password is read from a prompt or stdin, not argv',
})
export class AdminCreateCommand extends CommandRunner {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly inquirer: InquirerService,
  ) {
    super();
  }

  async run(_params: string[], options: { email?: string }): Promise<void> {
    if (options.email === undefined) {
      throw new Error('--email is required');
    }
    const email = options.email;
    const password = process.stdin.isTTY ? await this.prompt() : await readPipedPassword();
    const userId = await withDataContext(this.config, (context) =>
      context.get(AdminAccountService).create(email, password),
    );
    process.stdout.write(`created admin ${userId}\n`);
  }

  @Option({ flags: '--email <address>', description: 'the admin’s e-mail address', required: true })
  parseEmail(value: string): string {
    return value;
  }

  private async prompt(): Promise<string> {
    const { password, confirmation } = await this.inquirer.ask<{
      password: string;
      confirmation: string;
    }>(PASSWORD_QUESTIONS, undefined);
    if (password !== confirmation) {
      throw new Error('The two passwords differ; nothing was changed');
    }
    return password;
  }
}

/** All of stdin, less the one line ending a shell or `echo` adds: the rest is taken as typed. */
async function readPipedPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
  }
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (password === '') {
    throw new Error('No password on stdin; nothing was changed');
  }
  return password;
}
