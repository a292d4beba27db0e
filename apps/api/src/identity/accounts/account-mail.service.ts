import { Inject, Injectable } from '@nestjs/common';
import type { AccountsConfig } from './accounts.config.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import { MailService } from '../../platform/mail/mail.service.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly accounts: AccountsConfig };

/**
 * The texts of account mail. Links carry the token in the URL fragment, which browsers never send
 * to a server, so it stays out of web server logs and Referer headers; the client page reads it
 * and POSTs it to the API.
 */
@Injectable()
export class AccountMailService {
  constructor(
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: SectionsRead,
  ) {}

  verifyEmail(to: string, token: string): Promise<void> {
    const hours = Math.round(this.config.accounts.emailVerificationTtlSeconds / 3600);
    return this.mail.send({
      to,
      subject: 'Confirm your e-mail address',
      text: [
        'Confirm your e-mail address to finish creating your account:',
        '',
        this.link('verify-email', token),
        '',
        `The link works once and expires in ${hours} hours.`,
        'If you did not create an account, ignore this message.',
      ].join('\n'),
    });
  }

  /** What a registration with a taken address sends: the owner learns of it, nobody else does. */
  alreadyRegistered(to: string): Promise<void> {
    return this.mail.send({
      to,
      subject: 'You already have an account',
      text: [
        'Someone asked to create an account with this e-mail address, which already has one.',
        '',
        'If it was you, log in, or reset your password if you have forgotten it:',
        `${this.config.accounts.publicAppUrl}/forgot-password`,
        '',
        'If it was not you, you can ignore this message: nothing has changed.',
      ].join('\n'),
    });
  }

  resetPassword(to: string, token: string): Promise<void> {
    const minutes = Math.round(this.config.accounts.passwordResetTtlSeconds / 60);
    return this.mail.send({
      to,
      subject: 'Reset your password',
      text: [
        'Choose a new password with this link:',
        '',
        this.link('reset-password', token),
        '',
        `The link works once and expires in ${minutes} minutes. Resetting your password signs`,
        'you out everywhere. If you did not ask for this, ignore this message.',
      ].join('\n'),
    });
  }

  /**
   * What a second registration of an address still unverified sends: a link to choose the
   * password. Which registration's password would a verification link activate? Possibly an
   * attacker's who registered the address first, so neither is: whoever reads this mailbox sets it.
   */
  finishRegistration(to: string, token: string): Promise<void> {
    const minutes = Math.round(this.config.accounts.passwordResetTtlSeconds / 60);
    return this.mail.send({
      to,
      subject: 'Finish creating your account',
      text: [
        'This e-mail address was registered more than once before it was confirmed, so no',
        'password chosen at registration will be used. Choose your password with this link:',
        '',
        this.link('reset-password', token),
        '',
        `The link works once and expires in ${minutes} minutes; it also confirms your address.`,
        'Earlier confirmation links no longer work. If you did not register, ignore this message.',
      ].join('\n'),
    });
  }

  passwordChanged(to: string): Promise<void> {
    return this.mail.send({
      to,
      subject: 'Your password was changed',
      text: [
        'The password of your account was just changed.',
        '',
        'If it was not you, reset it now and review your sessions:',
        `${this.config.accounts.publicAppUrl}/forgot-password`,
      ].join('\n'),
    });
  }

  private link(page: string, token: string): string {
    return `${this.config.accounts.publicAppUrl}/${page}#token=${token}`;
  }
}
