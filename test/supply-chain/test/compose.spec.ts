import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkCompose, COMPOSE_RULES, type ComposeRule } from '../src/compose-rules.js';
import { brokenRules, describeFindings } from '../src/findings.js';
import { readRepoFile, repoPath } from '../src/repo.js';
import { asRecord, type Json } from '../src/values.js';

const FILE = 'infra/docker/compose.yaml';
const COMPOSE_TEXT = readRepoFile(FILE);
const readConfig = (path: string): string =>
  readFileSync(join(dirname(repoPath(FILE)), path), 'utf8');

/** A copy of the real compose file (merge keys resolved), changed to break `breaks`. */
interface Mutation {
  readonly name: string;
  readonly breaks: ComposeRule;
  readonly mutate: (compose: Json) => void;
  /** The config files as the mutated stack would read them. */
  readonly readConfig?: (path: string) => string;
}

const service = (compose: Json, name: string): Json => asRecord(asRecord(compose.services)[name]);
const environment = (compose: Json, name: string): Json =>
  asRecord(service(compose, name).environment);

const MUTATIONS: readonly Mutation[] = [
  {
    name: 'a writable root filesystem',
    breaks: 'read-only-root',
    mutate: (compose) => {
      delete service(compose, 'redis').read_only;
    },
  },
  {
    name: 'setuid binaries allowed',
    breaks: 'no-new-privileges',
    mutate: (compose) => {
      delete service(compose, 'logs').security_opt;
    },
  },
  {
    name: 'PostgreSQL published on loopback',
    breaks: 'no-published-datastores',
    mutate: (compose) => {
      service(compose, 'postgres').ports = ['127.0.0.1:5432:5432'];
    },
  },
  {
    name: 'the API published on every interface',
    breaks: 'no-published-datastores',
    mutate: (compose) => {
      service(compose, 'api').ports = ['8443:8443'];
    },
  },
  {
    name: 'a database URL with its password in the environment',
    breaks: 'secrets-as-files',
    mutate: (compose) => {
      environment(compose, 'api').DATABASE_URL =
        'postgres://bulwark:hunter2@postgres/bulwark?sslmode=verify-full';
    },
  },
  {
    name: 'a key ring in the environment',
    breaks: 'secrets-as-files',
    mutate: (compose) => {
      environment(compose, 'migrate').FIELD_ENCRYPTION_KEYS =
        'local1:c2VjcmV0LWtleS1tYXRlcmlhbC1mb3ItdGVzdHMtMDE=';
    },
  },
  {
    name: 'a secret taken from the environment of the host',
    breaks: 'secrets-as-files',
    mutate: (compose) => {
      asRecord(compose.secrets)['smtp-url'] = { environment: 'SMTP_URL' };
    },
  },
  {
    name: 'Redis without the CA to verify it',
    breaks: 'tls-everywhere',
    mutate: (compose) => {
      delete environment(compose, 'api').REDIS_CA_FILE;
    },
  },
  {
    name: 'PostgreSQL without ssl=on',
    breaks: 'tls-everywhere',
    mutate: (compose) => {
      const postgres = service(compose, 'postgres');
      postgres.command = (postgres.command as string[]).map((word) =>
        word === 'ssl=on' ? 'ssl=off' : word,
      );
    },
  },
  {
    name: 'PostgreSQL accepting plaintext connections',
    breaks: 'tls-everywhere',
    mutate: () => undefined,
    readConfig: (path) =>
      path.endsWith('pg_hba.conf')
        ? `${readConfig(path)}host all all all scram-sha-256\n`
        : readConfig(path),
  },
  {
    name: 'Redis with its plaintext port open',
    breaks: 'tls-everywhere',
    mutate: () => undefined,
    readConfig: (path) =>
      path.endsWith('redis.conf')
        ? readConfig(path).replace('port 0', 'port 6380')
        : readConfig(path),
  },
];

describe('the compose stack (infra/docker/compose.yaml)', () => {
  it('follows every compose rule', () => {
    const findings = checkCompose(COMPOSE_TEXT, FILE, readConfig);
    expect(findings, describeFindings(findings)).toEqual([]);
  });

  it('runs the API from the root Dockerfile beside PostgreSQL, Redis, the log collector and mail', () => {
    const services = asRecord(asRecord(parse(COMPOSE_TEXT, { merge: true }) as unknown).services);
    expect(Object.keys(services).sort()).toEqual([
      'api',
      'logs',
      'mail',
      'migrate',
      'postgres',
      'redis',
    ]);
    expect(asRecord(services.api).build).toEqual({ context: '../..', dockerfile: 'Dockerfile' });
  });

  it('has a mutation breaking each rule', () => {
    expect(new Set(MUTATIONS.map(({ breaks }) => breaks))).toEqual(new Set(COMPOSE_RULES));
  });

  it.each(MUTATIONS)('$name breaks $breaks', ({ mutate, breaks, readConfig: mutatedConfig }) => {
    const compose = asRecord(parse(COMPOSE_TEXT, { merge: true }) as unknown);
    mutate(compose);
    expect(
      brokenRules(checkCompose(stringify(compose), FILE, mutatedConfig ?? readConfig)),
    ).toEqual([breaks]);
  });

  it("the DAST override only loosens the API's rate limits, nothing else", () => {
    const override = asRecord(parse(readRepoFile('infra/docker/compose.dast.yaml')) as unknown);
    expect(Object.keys(override)).toEqual(['services']);
    const services = asRecord(override.services);
    expect(Object.keys(services)).toEqual(['api']);
    expect(Object.keys(asRecord(services.api))).toEqual(['environment']);
    expect(
      Object.keys(asRecord(asRecord(services.api).environment)).every((name) =>
        /^(THROTTLE_|LOGIN_LOCKOUT_|IP_BAN_)/.test(name),
      ),
    ).toBe(true);
  });
});
