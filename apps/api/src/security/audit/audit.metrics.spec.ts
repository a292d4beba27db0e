import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { AuditMetrics, type SecurityEvent } from './audit.metrics.js';

async function countsAfter(events: readonly SecurityEvent[]): Promise<Record<string, number>> {
  const registry = new Registry();
  const metrics = new AuditMetrics(registry);
  for (const event of events) {
    metrics.observe(event);
  }
  const counts: Record<string, number> = {};
  for (const metric of await registry.getMetricsAsJSON()) {
    for (const { labels, value } of metric.values) {
      const label = Object.entries(labels)
        .map(([key, v]) => `${key}=${String(v)}`)
        .join(',');
      counts[label === '' ? metric.name : `${metric.name}{${label}}`] = value;
    }
  }
  return counts;
}

describe(AuditMetrics.name, () => {
  it('tells an IP ban from an account lock, and an admin lock from one after failures', async () => {
    const counts = await countsAfter([
      { event: 'authn_login_lock', outcome: 'success', metadata: { scope: 'ip' } },
      { event: 'authn_login_lock', outcome: 'success', metadata: { seconds: 60 } },
      { event: 'authn_login_lock', outcome: 'success', metadata: { reason: 'admin' } },
    ]);
    expect(counts).toMatchObject({
      bulwark_ip_bans_total: 1,
      'bulwark_account_locks_total{cause=failures}': 1,
      'bulwark_account_locks_total{cause=admin}': 1,
      'bulwark_security_events_total{event=authn_login_lock,outcome=success}': 3,
    });
  });

  it('counts wrong second factors as credential failures and as MFA failures, whatever event carries them', async () => {
    const counts = await countsAfter([
      {
        event: 'authn_login_fail',
        outcome: 'failure',
        metadata: { reason: 'wrong_second_factor', factor: 'totp' },
      },
      {
        event: 'authz_fail',
        outcome: 'failure',
        metadata: { reason: 'wrong_second_factor', factor: 'recovery_code' },
      },
      { event: 'authz_fail', outcome: 'failure', metadata: { missing: ['users:read'] } },
    ]);
    expect(counts).toMatchObject({
      'bulwark_login_failures_total{reason=wrong_second_factor}': 2,
      'bulwark_mfa_failures_total{factor=totp}': 1,
      'bulwark_mfa_failures_total{factor=recovery_code}': 1,
      'bulwark_authorization_denials_total{kind=permission}': 1,
    });
  });

  it('never turns a value of the event into a label', async () => {
    const counts = await countsAfter([
      {
        event: 'authn_login_fail',
        outcome: 'failure',
        metadata: { reason: 'attacker@example.com' },
      },
      {
        event: 'authn_login_fail',
        outcome: 'failure',
        metadata: { reason: 'wrong_password', factor: '10.0.0.1' },
      },
    ]);
    const labels = Object.keys(counts).join('\n');
    expect(labels).not.toContain('attacker');
    expect(labels).not.toContain('10.0.0.1');
    expect(counts['bulwark_login_failures_total{reason=wrong_password}']).toBe(1);
  });

  it('exports every series at 0 from the start, so a first occurrence is an increase', async () => {
    const counts = await countsAfter([]);
    expect(counts).toMatchObject({
      bulwark_token_reuse_total: 0,
      bulwark_audit_write_failures_total: 0,
      'bulwark_login_failures_total{reason=unknown_account}': 0,
      'bulwark_security_events_total{event=authn_token_reuse,outcome=failure}': 0,
    });
  });
});
