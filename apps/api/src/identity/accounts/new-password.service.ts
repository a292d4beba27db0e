import { Injectable } from '@nestjs/common';
import { PasswordHasherService } from '../../security/passwords/password-hasher.service.js';
import { PasswordPolicyService } from '../../security/passwords/password-policy.service.js';
import { PasswordRejectedError } from './accounts.errors.js';

/** Every way a password is set (register, reset, change) goes through the policy, then argon2id. */
@Injectable()
export class NewPasswordService {
  constructor(
    private readonly policy: PasswordPolicyService,
    private readonly hasher: PasswordHasherService,
  ) {}

  /**
   * @throws PasswordRejectedError with the policy's reasons
   * @throws BreachCheckUnavailableError, PasswordHashingBusyError
   */
  async hash(password: string, email: string): Promise<string> {
    const reasons = await this.policy.check(password, { email });
    if (reasons.length > 0) {
      throw new PasswordRejectedError(reasons, this.policy.minLength);
    }
    return this.hasher.hash(password);
  }
}
