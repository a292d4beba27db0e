import { describe, expect, it } from 'vitest';
import type { AuditEventInput, AuditService } from '../audit/audit.service.js';
import type { FailedAccount, IpBanService } from '../ip-bans/ip-ban.service.js';
import { FailedAttempts, type FailedAttempt } from './failed-attempts.service.js';

function recorders() {
  const audited: AuditEventInput[] = [];
  const reported: FailedAccount[] = [];
  const audit = { record: (input: AuditEventInput) => (audited.push(input), Promise.resolve()) };
  const ipBans = {
    recordFailure: (account: FailedAccount) => (reported.push(account), Promise.resolve()),
  };
  const failures = new FailedAttempts(
    audit as unknown as AuditService,
    ipBans as unknown as IpBanService,
  );
  return { failures, audited, reported };
}

const PASSWORD: FailedAttempt = {
  event: 'authn_login_fail',
  actor: 'u-1',
  target: 'user:u-1',
  reason: 'wrong_password',
  account: { userId: 'u-1' },
  auditsMaxFailures: true,
};

describe(FailedAttempts.name, () => {
  it('audits the failure with its count and reports it to the IP bans', async () => {
    const { failures, audited, reported } = recorders();

    await failures.report(PASSWORD, { failures: 2, lockedForSeconds: undefined });

    expect(audited).toEqual([
      {
        event: 'authn_login_fail',
        outcome: 'failure',
        actor: 'u-1',
        target: 'user:u-1',
        metadata: { reason: 'wrong_password', failures: 2 },
      },
    ]);
    expect(reported).toEqual([{ userId: 'u-1' }]);
  });

  it('audits the lock a failure placed, and the maximum reached when the attempt asks', async () => {
    const { failures, audited } = recorders();

    await failures.report(PASSWORD, { failures: 5, lockedForSeconds: 60 });
    await failures.report(
      {
        ...PASSWORD,
        reason: 'wrong_second_factor',
        details: { factor: 'totp' },
        auditsMaxFailures: false,
      },
      { failures: 5, lockedForSeconds: 120 },
    );

    expect(audited.map((input) => [input.event, input.metadata])).toEqual([
      ['authn_login_fail', { reason: 'wrong_password', failures: 5 }],
      ['authn_login_fail_max', undefined],
      ['authn_login_lock', { seconds: 60 }],
      ['authn_login_fail', { reason: 'wrong_second_factor', factor: 'totp', failures: 5 }],
      ['authn_login_lock', { factor: 'totp', seconds: 120 }],
    ]);
  });
});
