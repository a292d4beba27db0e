import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';
import { AUDIT_EVENT_NAMES, type AuditEventName, type AuditOutcome } from './audit-event-name.js';

// Label values are these fixed words, never a value from the event: no user, address or e-mail.
const CREDENTIAL_FAILURE_REASONS = [
  'unknown_account',
  'wrong_password',
  'wrong_second_factor',
  'locked',
  'account_locked',
] as const;
const MFA_FACTORS = ['totp', 'recovery_code'] as const;
const LOCK_CAUSES = ['failures', 'admin'] as const;
const DENIAL_KINDS = ['permission', 'object'] as const;

/** What the audit stream counts: read by infra/monitoring/ alert rules and dashboard. */
export interface SecurityEvent {
  readonly event: AuditEventName;
  readonly outcome: AuditOutcome;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/**
 * Security counters, incremented in one place: {@link AuditService.record}, for every event,
 * whether or not its row is then stored. Every series exists from the start at 0, so that the
 * first attack shows as an increase rather than as a series appearing.
 */
@Injectable()
export class AuditMetrics {
  private readonly events: Counter<'event' | 'outcome'>;
  private readonly loginFailures: Counter<'reason'>;
  private readonly mfaFailures: Counter<'factor'>;
  private readonly accountLocks: Counter<'cause'>;
  private readonly ipBans: Counter;
  private readonly tokenReuse: Counter;
  private readonly authorizationDenials: Counter<'kind'>;
  private readonly rateLimitExcess: Counter;
  private readonly auditWriteFailures: Counter;

  constructor(registry: Registry) {
    const registers = [registry];
    this.events = new Counter({
      name: 'bulwark_security_events_total',
      help: 'Audit events by OWASP logging vocabulary name and outcome',
      labelNames: ['event', 'outcome'],
      registers,
    });
    for (const event of AUDIT_EVENT_NAMES) {
      this.events.inc({ event, outcome: 'success' }, 0);
      this.events.inc({ event, outcome: 'failure' }, 0);
    }
    this.loginFailures = labelled(
      registry,
      'bulwark_login_failures_total',
      'Failed credential checks (login, MFA, re-authentication, step-up) by reason',
      'reason',
      CREDENTIAL_FAILURE_REASONS,
    );
    this.mfaFailures = labelled(
      registry,
      'bulwark_mfa_failures_total',
      'Wrong second factors by factor',
      'factor',
      MFA_FACTORS,
    );
    this.accountLocks = labelled(
      registry,
      'bulwark_account_locks_total',
      'Accounts locked: after repeated failures (one account from one client) or by an admin',
      'cause',
      LOCK_CAUSES,
    );
    this.authorizationDenials = labelled(
      registry,
      'bulwark_authorization_denials_total',
      'Requests refused for a missing permission, or for an object of someone else (answered 404)',
      'kind',
      DENIAL_KINDS,
    );
    this.ipBans = new Counter({
      name: 'bulwark_ip_bans_total',
      help: 'Client addresses banned for failing against many accounts',
      registers,
    });
    this.tokenReuse = new Counter({
      name: 'bulwark_token_reuse_total',
      help: 'Refresh tokens presented again after rotation (the session is revoked)',
      registers,
    });
    this.rateLimitExcess = new Counter({
      name: 'bulwark_rate_limit_excess_total',
      help: 'Clients that went over a rate limit, once per client, limit and window',
      registers,
    });
    this.auditWriteFailures = new Counter({
      name: 'bulwark_audit_write_failures_total',
      help: 'Audit events the database refused (they are still logged)',
      registers,
    });
  }

  observe({ event, outcome, metadata = {} }: SecurityEvent): void {
    this.events.inc({ event, outcome });
    // A wrong password or code is one whatever asked for it: login, MFA, step-up, a password change.
    const reason = CREDENTIAL_FAILURE_REASONS.find((known) => known === metadata.reason);
    if (reason !== undefined) {
      this.loginFailures.inc({ reason });
      if (reason === 'wrong_second_factor') {
        this.mfaFailures.inc({
          factor: metadata.factor === 'recovery_code' ? 'recovery_code' : 'totp',
        });
      }
      return;
    }
    this.countedByEvent[event]?.(metadata);
  }

  /** The events with a counter of their own, besides `bulwark_security_events_total`. */
  private readonly countedByEvent: Partial<
    Record<AuditEventName, (metadata: Readonly<Record<string, unknown>>) => void>
  > = {
    authn_login_lock: (metadata) => {
      if (metadata.scope === 'ip') {
        this.ipBans.inc();
      } else {
        this.accountLocks.inc({ cause: metadata.reason === 'admin' ? 'admin' : 'failures' });
      }
    },
    authn_token_reuse: () => {
      this.tokenReuse.inc();
    },
    authz_fail: () => {
      this.authorizationDenials.inc({ kind: 'permission' });
    },
    malicious_direct_reference: () => {
      this.authorizationDenials.inc({ kind: 'object' });
    },
    excess_rate_limit_exceeded: () => {
      this.rateLimitExcess.inc();
    },
  };

  writeFailed(): void {
    this.auditWriteFailures.inc();
  }
}

function labelled<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  label: L,
  values: readonly string[],
): Counter<L> {
  const counter = new Counter<L>({ name, help, labelNames: [label], registers: [registry] });
  for (const value of values) {
    counter.inc({ [label]: value } as Record<L, string>, 0);
  }
  return counter;
}
