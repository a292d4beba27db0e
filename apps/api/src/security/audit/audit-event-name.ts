/**
 * Security event names of the OWASP Logging Vocabulary (cheat sheet, 2024), plus
 * `session_revoked` (a session ended by logout or by refresh-token reuse), which the vocabulary
 * folds into `session_expired`, and `sys_certificate_expiring` (the served TLS certificate nears
 * its expiry), which it has no name for. Parameters the vocabulary writes as `name:param` go into the
 * event's `target` and `metadata` instead. docs/logging.md is the catalogue.
 */
export const AUDIT_EVENT_NAMES = [
  'authn_login_success',
  'authn_login_successafterfail',
  'authn_login_fail',
  'authn_login_fail_max',
  'authn_login_lock',
  'authn_password_change',
  'authn_password_change_fail',
  'authn_impossible_travel',
  'authn_token_created',
  'authn_token_revoked',
  'authn_token_reuse',
  'authn_token_delete',
  'authz_fail',
  'authz_change',
  'authz_admin',
  'crypt_decrypt_fail',
  'crypt_encrypt_fail',
  'excess_rate_limit_exceeded',
  'input_validation_fail',
  'malicious_excess_404',
  'malicious_extraneous',
  'malicious_attack_tool',
  'malicious_cors',
  'malicious_direct_reference',
  'privilege_permissions_changed',
  'sensitive_create',
  'sensitive_read',
  'sensitive_update',
  'sensitive_delete',
  'session_created',
  'session_renewed',
  'session_expired',
  'session_revoked',
  'session_use_after_expire',
  'sys_startup',
  'sys_shutdown',
  'sys_restart',
  'sys_crash',
  'sys_monitor_disabled',
  'sys_monitor_enabled',
  'sys_certificate_expiring',
  'upload_complete',
  'upload_stored',
  'upload_validation',
  'upload_delete',
  'user_created',
  'user_updated',
  'user_archived',
  'user_deleted',
] as const;

export type AuditEventName = (typeof AUDIT_EVENT_NAMES)[number];

export type AuditOutcome = 'success' | 'failure';
