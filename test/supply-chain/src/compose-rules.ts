import { parse } from 'yaml';
import type { Finding } from './findings.js';
import { isSecretVariable, secretInValue } from './secret-like.js';
import { asArray, asRecord, asString, isRecord, strings, type Json } from './values.js';

export const COMPOSE_RULES = [
  // Every container's root filesystem is read-only; writable paths are declared (tmpfs, volumes).
  'read-only-root',
  // No container gains privileges through setuid binaries.
  'no-new-privileges',
  // Databases and caches publish no port; what is published binds to loopback.
  'no-published-datastores',
  // Secrets reach containers as mounted files, never as environment values.
  'secrets-as-files',
  // Every connection is TLS: PostgreSQL and Redis refuse plaintext, clients name their CA.
  'tls-everywhere',
] as const;
export type ComposeRule = (typeof COMPOSE_RULES)[number];

const DATASTORES = new Set(['postgres', 'redis', 'valkey', 'mysql', 'mariadb', 'mongo']);
const LOOPBACK = new Set(['127.0.0.1', '::1', '[::1]', 'localhost']);
// A client setting that needs its CA beside it: the connection is verified against a private CA.
const CA_FOR: Record<string, string> = {
  LOG_SYSLOG_HOST: 'LOG_SYSLOG_CA_FILE',
  REDIS_URL: 'REDIS_CA_FILE',
  REDIS_URL_FILE: 'REDIS_CA_FILE',
  SMTP_URL: 'SMTP_CA_FILE',
  SMTP_URL_FILE: 'SMTP_CA_FILE',
};

/** `readConfig` reads a file named by the compose file (relative to it): pg_hba.conf, redis.conf. */
export function checkCompose(
  text: string,
  file: string,
  readConfig: (path: string) => string,
): Finding<ComposeRule>[] {
  const findings: Finding<ComposeRule>[] = [];
  const report = (rule: ComposeRule, message: string): void => {
    findings.push({ rule, file, message });
  };
  const compose = asRecord(parse(text, { merge: true }) as unknown);
  const configs = asRecord(compose.configs);
  const configFile = (service: Json, target: string): string | undefined => {
    const mount = asArray(service.configs)
      .map(asRecord)
      .find((entry) => entry.target === target);
    const path = asString(asRecord(configs[asString(mount?.source) ?? '']).file);
    return path === undefined ? undefined : readConfig(path);
  };

  for (const [name, value] of Object.entries(asRecord(compose.services))) {
    const service = asRecord(value);
    const image = imageName(asString(service.image) ?? '');
    const environment = environmentOf(service.environment);
    const command = strings(service.command).join(' ');

    if (service.read_only !== true) {
      report('read-only-root', `${name}: read_only: true is missing`);
    }
    if (
      !strings(service.security_opt).some((option) => /^no-new-privileges(:true)?$/.test(option))
    ) {
      report('no-new-privileges', `${name}: security_opt lacks no-new-privileges:true`);
    }

    const ports = asArray(service.ports);
    if (DATASTORES.has(image) && ports.length > 0) {
      report(
        'no-published-datastores',
        `${name} (${image}) publishes ports; only the services on its network may reach it`,
      );
    }
    for (const port of ports) {
      const hostIp = publishedHostIp(port);
      if (hostIp === undefined || !LOOPBACK.has(hostIp)) {
        report(
          'no-published-datastores',
          `${name} publishes ${JSON.stringify(port)} beyond loopback`,
        );
      }
    }

    for (const [variable, setting] of environment) {
      const inValue = setting === undefined ? undefined : secretInValue(setting);
      if ((setting !== undefined && isSecretVariable(variable, setting)) || inValue !== undefined) {
        report(
          'secrets-as-files',
          `${name}: ${variable} holds ${inValue ?? 'a secret'}; mount it as a file (*_FILE)`,
        );
      }
    }

    for (const [setting, ca] of Object.entries(CA_FOR)) {
      if (environment.has(setting) && !environment.has(ca)) {
        report(
          'tls-everywhere',
          `${name}: ${setting} without ${ca}: the connection is not verified against the stack's CA`,
        );
      }
    }
    if (image === 'postgres') {
      const hbaPath = /\bhba_file=(\S+)/.exec(command)?.[1];
      const hba = hbaPath === undefined ? undefined : configFile(service, hbaPath);
      const plaintext = (hba ?? '')
        .split('\n')
        .map((line) => line.replace(/#.*/, '').trim().split(/\s+/)[0])
        .filter((type) => type === 'host' || type === 'hostnossl');
      if (!/\bssl=on\b/.test(command) || hba === undefined || plaintext.length > 0) {
        report(
          'tls-everywhere',
          `${name}: PostgreSQL needs ssl=on and an hba_file whose network lines are all hostssl`,
        );
      }
    }
    if (image === 'redis') {
      const configPath = strings(service.command).find((word) => word.endsWith('.conf'));
      const config = configPath === undefined ? undefined : configFile(service, configPath);
      if (config === undefined || !/^port 0$/m.test(config) || !/^tls-port \d+$/m.test(config)) {
        report('tls-everywhere', `${name}: Redis needs a config file with "port 0" and a tls-port`);
      }
    }
  }

  for (const [name, value] of Object.entries(asRecord(compose.secrets))) {
    if (asString(asRecord(value).file) === undefined) {
      report('secrets-as-files', `secret ${name} is not read from a file`);
    }
  }
  return findings;
}

/** The image's name without registry, owner, tag or digest: `postgres` for postgres:17@sha256:…. */
function imageName(image: string): string {
  const path = image.split('@')[0] ?? '';
  const last = path.split('/').at(-1) ?? '';
  return last.split(':')[0] ?? '';
}

function environmentOf(environment: unknown): Map<string, string | undefined> {
  if (Array.isArray(environment)) {
    return new Map(
      strings(environment).map((entry) => {
        const [variable = '', ...value] = entry.split('=');
        return [variable, value.length === 0 ? undefined : value.join('=')];
      }),
    );
  }
  return new Map(
    Object.entries(asRecord(environment)).map(([variable, value]) => [
      variable,
      value === null || value === undefined
        ? undefined
        : String(value as string | number | boolean),
    ]),
  );
}

/** The host address a port mapping binds to; undefined when it binds every interface. */
function publishedHostIp(port: unknown): string | undefined {
  if (isRecord(port)) {
    return asString(port.host_ip);
  }
  const mapping = typeof port === 'number' ? String(port) : (asString(port) ?? '');
  // host_ip:published:target, with an IPv6 host in brackets; fewer parts bind every interface.
  const match = /^(\[[^\]]+\]|[^:]+):[^:]+:[^:]+$/.exec(mapping);
  return match?.[1];
}
