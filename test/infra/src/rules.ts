import { type Body, blocks, isBody, text } from './hcl.js';
import { hasKey, nested, path, type Tree } from './tree.js';
import {
  address,
  arg,
  atLeast,
  equals,
  holds,
  type Judge,
  type Located,
  oneOf,
  resolver,
  sameResource,
  type Value,
} from './values.js';

export interface Finding {
  readonly where: string;
  readonly message: string;
}

export interface RuleResult {
  readonly findings: readonly Finding[];
  /** How many resources the rule looked at: a rule that looks at nothing proves nothing. */
  readonly checked: number;
}

export interface Rule {
  /** The Checkov (CKV_AWS_*, CKV2_AWS_*) or Trivy (AVD-AWS-*) check it mirrors, or BLW_* for Bulwark's own. */
  readonly id: string;
  readonly title: string;
  check(tree: Tree): RuleResult;
}

type Test = (located: Located) => string | undefined;

function each(tree: Tree, type: string, test: Test): RuleResult {
  const all = tree.resources(type);
  const findings = all.flatMap((located) => {
    const message = test(located);
    return message === undefined ? [] : [{ where: address(located), message }];
  });
  return { findings, checked: all.length };
}

const rule = (id: string, title: string, type: string, test: Test): Rule => ({
  id,
  title,
  check: (tree) => each(tree, type, test),
});

/** The commonest rule: one argument of every resource of a type must pass a judge. */
const argument = (id: string, title: string, type: string, name: string, judge: Judge): Rule =>
  rule(id, title, type, (located) =>
    holds(arg(located, name), judge) ? undefined : `${name} is not as required`,
  );

const isTrue = equals(true);
const isFalse = equals(false);

/** A customer managed key: a reference to an aws_kms_key, or a variable validated as a KMS ARN. */
const customerKey: Judge = {
  ref: (value) => value.type === 'aws_kms_key' && !value.data,
  domain: (domain) =>
    domain.kind === 'regex' &&
    domain.pattern.startsWith('^arn:aws') &&
    domain.pattern.includes(':kms:'),
};

const listHas = (wanted: string): Judge => ({
  list: (items) => items.some((item) => holds(item, equals(wanted))),
});

function scalarOf(value: Value | undefined): string | number | boolean | null | undefined {
  return value?.kind === 'scalar' ? value.value : undefined;
}

function field(value: Value | undefined, key: string): Value | undefined {
  return value?.kind === 'object' ? value.fields[key] : undefined;
}

function items(value: Value | undefined): readonly Value[] {
  return value?.kind === 'list' ? value.items : [];
}

function resolveIn(located: Located, json: Body[string] | undefined): Value {
  return resolver.resolve(json, located.instance);
}

/** Whether a list argument names this resource (security_groups, log destinations …). */
function listNames(value: Value, target: Located): boolean {
  return items(value).some((item) => sameResource(item, target));
}

// Security groups and their rules ------------------------------------------------------------

const PUBLIC_CIDRS = ['0.0.0.0/0', '::/0'];

function isPublic(located: Located): boolean {
  return PUBLIC_CIDRS.some(
    (cidr) =>
      scalarOf(arg(located, 'cidr_ipv4')) === cidr || scalarOf(arg(located, 'cidr_ipv6')) === cidr,
  );
}

/** The widest port range a rule can open, given what its variables allow. */
function portBounds(located: Located): [number, number] {
  if (['-1', 'all'].includes(String(scalarOf(arg(located, 'ip_protocol'))))) {
    return [0, 65535];
  }
  const bound = (name: string, low: boolean): number => {
    const value = arg(located, name);
    if (value.kind === 'scalar' && typeof value.value === 'number') {
      return value.value;
    }
    if (value.kind === 'variable' && value.domain?.kind === 'range') {
      return (low ? value.domain.min : value.domain.max) ?? (low ? 0 : 65535);
    }
    if (
      value.kind === 'variable' &&
      value.domain?.kind === 'enum' &&
      value.domain.values.every((v) => typeof v === 'number')
    ) {
      const ports = value.domain.values as number[];
      return low ? Math.min(...ports) : Math.max(...ports);
    }
    return low ? 0 : 65535;
  };
  return [bound('from_port', true), bound('to_port', false)];
}

const covers = (located: Located, port: number): boolean => {
  const [from, to] = portBounds(located);
  return from <= port && port <= to;
};

function exactPort(located: Located): number | undefined {
  const from = scalarOf(arg(located, 'from_port'));
  return typeof from === 'number' && from === scalarOf(arg(located, 'to_port')) ? from : undefined;
}

function groupOf(tree: Tree, located: Located): Located | undefined {
  const ref = arg(located, 'security_group_id');
  return tree.resources('aws_security_group').find((group) => sameResource(ref, group));
}

function loadBalancersOf(tree: Tree, group: Located): Located[] {
  return tree.resources('aws_lb').filter((lb) => listNames(arg(lb, 'security_groups'), group));
}

function listenersOf(tree: Tree, lb: Located): Located[] {
  return tree
    .resources('aws_lb_listener')
    .filter((listener) => sameResource(arg(listener, 'load_balancer_arn'), lb));
}

function redirectsToHttps(listener: Located): boolean {
  return nested(listener.resource.body, 'default_action').some(
    (action) =>
      action.type === 'redirect' &&
      nested(action, 'redirect').some((redirect) => redirect.protocol === 'HTTPS'),
  );
}

const INGRESS = 'aws_vpc_security_group_ingress_rule';
const EGRESS = 'aws_vpc_security_group_egress_rule';

function ruleResources(tree: Tree): Located[] {
  return [...tree.resources(INGRESS), ...tree.resources(EGRESS)];
}

const firewallRules: Rule[] = [
  rule(
    'BLW_NO_SSH',
    'No security group rule opens SSH (22), from anywhere: ECS Exec replaces it',
    INGRESS,
    (r) => (covers(r, 22) ? 'opens port 22' : undefined),
  ),
  {
    id: 'CKV_AWS_23',
    title: 'Every security group and every security group rule has a description',
    check: (tree) => {
      const all = [...tree.resources('aws_security_group'), ...ruleResources(tree)];
      const findings = all
        .filter(
          (r) =>
            !holds(arg(r, 'description'), {
              scalar: (v) => typeof v === 'string' && v.trim() !== '',
            }),
        )
        .map((r) => ({ where: address(r), message: 'no description' }));
      return { findings, checked: all.length };
    },
  },
  {
    id: 'AVD-AWS-0107',
    title: 'Ingress from the internet only on ports 443 and 80 of a load balancer’s security group',
    check: (tree) =>
      each(tree, INGRESS, (r) => {
        if (!isPublic(r)) {
          return undefined;
        }
        const group = groupOf(tree, r);
        const port = exactPort(r);
        const onLoadBalancer = group !== undefined && loadBalancersOf(tree, group).length > 0;
        return onLoadBalancer && (port === 443 || port === 80)
          ? undefined
          : 'public ingress off the load balancer’s web ports';
      }),
  },
  {
    id: 'CKV_AWS_260',
    title:
      'Port 80 is open to the internet only where the load balancer answers it with a redirect to HTTPS',
    check: (tree) =>
      each(tree, INGRESS, (r) => {
        if (!isPublic(r) || !covers(r, 80)) {
          return undefined;
        }
        const group = groupOf(tree, r);
        const lbs = group ? loadBalancersOf(tree, group) : [];
        const redirected =
          lbs.length > 0 &&
          lbs.every((lb) =>
            listenersOf(tree, lb).some(
              (l) => scalarOf(arg(l, 'port')) === 80 && redirectsToHttps(l),
            ),
          );
        return redirected ? undefined : 'port 80 open without an HTTPS redirect on it';
      }),
  },
  rule('CKV_AWS_382', 'No egress to the internet and no all-protocol egress', EGRESS, (r) =>
    isPublic(r) || portBounds(r)[1] - portBounds(r)[0] === 65535 ? 'egress to anywhere' : undefined,
  ),
  rule(
    'BLW_SG_REFERENCES',
    'Inside the VPC, tiers admit each other by security group, never by address range',
    INGRESS,
    (r) =>
      !isPublic(r) && (hasKey(r.resource.body, 'cidr_ipv4') || hasKey(r.resource.body, 'cidr_ipv6'))
        ? 'admits a CIDR'
        : undefined,
  ),
  rule(
    'BLW_ONE_RESOURCE_PER_RULE',
    'Security groups carry no inline rules: one aws_vpc_security_group_*_rule per rule',
    'aws_security_group',
    (r) =>
      hasKey(r.resource.body, 'ingress') || hasKey(r.resource.body, 'egress')
        ? 'inline rules'
        : undefined,
  ),
];

// Network ---------------------------------------------------------------------------------------

const REQUIRED_ENDPOINTS = ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'kms', 'ssmmessages'];

const networkRules: Rule[] = [
  {
    id: 'CKV2_AWS_12',
    title: 'The default security group of every VPC restricts all traffic',
    check: (tree) =>
      each(tree, 'aws_vpc', (vpc) => {
        const defaults = tree
          .resources('aws_default_security_group')
          .filter((group) => sameResource(arg(group, 'vpc_id'), vpc));
        const stripped =
          defaults.length > 0 &&
          defaults.every(
            (g) => !hasKey(g.resource.body, 'ingress') && !hasKey(g.resource.body, 'egress'),
          );
        return stripped ? undefined : 'default security group not stripped';
      }),
  },
  {
    id: 'CKV2_AWS_11',
    title: 'Every VPC has flow logs',
    check: (tree) =>
      each(tree, 'aws_vpc', (vpc) =>
        tree.resources('aws_flow_log').some((log) => sameResource(arg(log, 'vpc_id'), vpc))
          ? undefined
          : 'no flow log',
      ),
  },
  argument(
    'BLW_FLOW_LOGS_ALL',
    'Flow logs record ALL traffic, accepted and rejected',
    'aws_flow_log',
    'traffic_type',
    equals('ALL'),
  ),
  argument(
    'CKV_AWS_130',
    'Subnets never assign public IP addresses',
    'aws_subnet',
    'map_public_ip_on_launch',
    isFalse,
  ),
  rule('CKV2_AWS_1', 'Every network ACL is attached to subnets', 'aws_network_acl', (acl) => {
    const subnets = arg(acl, 'subnet_ids');
    return subnets.kind === 'ref' || (subnets.kind === 'list' && subnets.items.length > 0)
      ? undefined
      : 'attached to no subnet';
  }),
  rule(
    'AVD-AWS-0102',
    'Network ACL rules name a protocol, never all of them',
    'aws_network_acl',
    (acl) =>
      [...nested(acl.resource.body, 'ingress'), ...nested(acl.resource.body, 'egress')].some(
        (entry) => ['-1', 'all'].includes(text(entry.protocol)),
      )
        ? 'an entry allows every protocol'
        : undefined,
  ),
  rule(
    'BLW_PRIVATE_ENDPOINTS',
    'The tasks reach ECR, logs, Secrets Manager, KMS and ECS Exec through VPC endpoints',
    'aws_vpc_endpoint',
    (endpoint) => {
      if (endpoint.resource.body.vpc_endpoint_type !== 'Interface') {
        return undefined;
      }
      const services = resolveIn(endpoint, endpoint.resource.body.for_each);
      const missing = REQUIRED_ENDPOINTS.filter((name) => !holds(services, listHas(name)));
      return missing.length === 0 ? undefined : `no endpoint for ${missing.join(', ')}`;
    },
  ),
];

// Edge: load balancer, WAF, access log bucket -------------------------------------------------

const TLS_POLICIES = [
  'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-2021-06',
  'ELBSecurityPolicy-TLS13-1-3-2021-06',
];

function managedGroups(acl: Located): Body[] {
  return nested(acl.resource.body, 'rule').filter(
    (r) => path(r, 'statement', 'managed_rule_group_statement').length > 0,
  );
}

function hasManagedGroup(acl: Located, name: string): boolean {
  return managedGroups(acl).some(
    (r) =>
      path(r, 'statement', 'managed_rule_group_statement').some(
        (g) => g.name === name && g.vendor_name === 'AWS',
      ) && path(r, 'override_action', 'none').length > 0,
  );
}

function bucketCompanion(tree: Tree, bucket: Located, type: string): Located[] {
  return tree.resources(type).filter((companion) => sameResource(arg(companion, 'bucket'), bucket));
}

const edgeRules: Rule[] = [
  rule('CKV_AWS_91', 'The load balancer writes access logs', 'aws_lb', (lb) =>
    nested(lb.resource.body, 'access_logs').some((logs) =>
      holds(resolveIn(lb, logs.enabled), isTrue),
    )
      ? undefined
      : 'no access logs',
  ),
  argument(
    'CKV_AWS_150',
    'The load balancer has deletion protection',
    'aws_lb',
    'enable_deletion_protection',
    isTrue,
  ),
  argument(
    'CKV_AWS_131',
    'The load balancer drops invalid header fields',
    'aws_lb',
    'drop_invalid_header_fields',
    isTrue,
  ),
  rule(
    'AVD-AWS-0047',
    'HTTPS listeners use an explicit TLS 1.2/1.3 policy',
    'aws_lb_listener',
    (listener) =>
      scalarOf(arg(listener, 'protocol')) !== 'HTTPS' ||
      holds(arg(listener, 'ssl_policy'), oneOf(TLS_POLICIES))
        ? undefined
        : 'ssl_policy missing or outdated',
  ),
  rule('CKV_AWS_2', 'Listeners serve HTTPS, or redirect to it', 'aws_lb_listener', (listener) =>
    scalarOf(arg(listener, 'protocol')) === 'HTTPS' || redirectsToHttps(listener)
      ? undefined
      : 'serves plain HTTP',
  ),
  {
    id: 'CKV2_AWS_28',
    title: 'Every internet-facing load balancer is protected by WAF',
    check: (tree) =>
      each(tree, 'aws_lb', (lb) =>
        tree
          .resources('aws_wafv2_web_acl_association')
          .some((a) => sameResource(arg(a, 'resource_arn'), lb))
          ? undefined
          : 'no web ACL',
      ),
  },
  rule(
    'CKV_AWS_192',
    'WAF blocks known bad inputs (Log4Shell lookups among them)',
    'aws_wafv2_web_acl',
    (acl) =>
      hasManagedGroup(acl, 'AWSManagedRulesKnownBadInputsRuleSet')
        ? undefined
        : 'no known-bad-inputs group',
  ),
  rule(
    'BLW_WAF_MANAGED_RULES',
    'WAF runs the common, IP reputation and SQL injection groups in blocking mode',
    'aws_wafv2_web_acl',
    (acl) => {
      const missing = [
        'AWSManagedRulesCommonRuleSet',
        'AWSManagedRulesAmazonIpReputationList',
        'AWSManagedRulesSQLiRuleSet',
      ].filter((name) => !hasManagedGroup(acl, name));
      return missing.length === 0 ? undefined : `missing or counting only: ${missing.join(', ')}`;
    },
  ),
  rule(
    'BLW_WAF_RATE_LIMIT',
    'WAF blocks a client address over a rate limit',
    'aws_wafv2_web_acl',
    (acl) =>
      nested(acl.resource.body, 'rule').some(
        (r) =>
          path(r, 'statement', 'rate_based_statement').some((s) => s.aggregate_key_type === 'IP') &&
          path(r, 'action', 'block').length > 0,
      )
        ? undefined
        : 'no blocking rate-based rule per IP',
  ),
  {
    id: 'CKV2_AWS_31',
    title: 'Every web ACL logs its requests',
    check: (tree) =>
      each(tree, 'aws_wafv2_web_acl', (acl) =>
        tree
          .resources('aws_wafv2_web_acl_logging_configuration')
          .some((c) => sameResource(arg(c, 'resource_arn'), acl))
          ? undefined
          : 'no logging configuration',
      ),
  },
  {
    id: 'CKV2_AWS_6',
    title: 'Every bucket blocks public access, all four settings',
    check: (tree) =>
      each(tree, 'aws_s3_bucket', (bucket) => {
        const settings = [
          'block_public_acls',
          'block_public_policy',
          'ignore_public_acls',
          'restrict_public_buckets',
        ];
        const blocks = bucketCompanion(tree, bucket, 'aws_s3_bucket_public_access_block');
        return blocks.length > 0 &&
          blocks.every((b) => settings.every((s) => holds(arg(b, s), isTrue)))
          ? undefined
          : 'public access not fully blocked';
      }),
  },
  {
    id: 'CKV_AWS_21',
    title: 'Every bucket is versioned',
    check: (tree) =>
      each(tree, 'aws_s3_bucket', (bucket) =>
        bucketCompanion(tree, bucket, 'aws_s3_bucket_versioning').some((v) =>
          nested(v.resource.body, 'versioning_configuration').some((c) => c.status === 'Enabled'),
        )
          ? undefined
          : 'not versioned',
      ),
  },
  {
    id: 'AVD-AWS-0088',
    title: 'Every bucket encrypts objects at rest by default',
    check: (tree) =>
      each(tree, 'aws_s3_bucket', (bucket) =>
        bucketCompanion(tree, bucket, 'aws_s3_bucket_server_side_encryption_configuration').some(
          (c) =>
            path(c.resource.body, 'rule', 'apply_server_side_encryption_by_default').some((d) =>
              ['AES256', 'aws:kms', 'aws:kms:dsse'].includes(text(d.sse_algorithm)),
            ),
        )
          ? undefined
          : 'no default encryption',
      ),
  },
];

// Administrators' VPN -------------------------------------------------------------------------

const vpnRules: Rule[] = [
  argument(
    'BLW_VPN_SPLIT_TUNNEL',
    'The VPN carries only the VPC’s traffic (split tunnel)',
    'aws_ec2_client_vpn_endpoint',
    'split_tunnel',
    isTrue,
  ),
  rule(
    'BLW_VPN_CONNECTION_LOGS',
    'The VPN logs every connection',
    'aws_ec2_client_vpn_endpoint',
    (vpn) =>
      nested(vpn.resource.body, 'connection_log_options').some((o) =>
        holds(resolveIn(vpn, o.enabled), isTrue),
      )
        ? undefined
        : 'connections not logged',
  ),
  rule(
    'BLW_VPN_DEVICE_AND_USER',
    'VPN clients need a device certificate (mutual TLS) and a SAML sign-in',
    'aws_ec2_client_vpn_endpoint',
    (vpn) => {
      const types = nested(vpn.resource.body, 'authentication_options').map((o) => o.type);
      return types.includes('certificate-authentication') &&
        types.includes('federated-authentication')
        ? undefined
        : 'one factor only';
    },
  ),
  rule(
    'BLW_VPN_NO_AUTHORIZE_ALL',
    'VPN authorization names a group, never authorize_all_groups',
    'aws_ec2_client_vpn_authorization_rule',
    (r) =>
      holds(arg(r, 'authorize_all_groups'), isTrue) || !hasKey(r.resource.body, 'access_group_id')
        ? 'authorizes every client'
        : undefined,
  ),
  rule(
    'BLW_VPN_VPC_ONLY',
    'VPN authorization reaches the VPC’s range and nothing else',
    'aws_ec2_client_vpn_authorization_rule',
    (r) =>
      holds(arg(r, 'target_network_cidr'), {
        ref: (v) => v.type === 'aws_vpc' && v.attr === 'cidr_block',
      })
        ? undefined
        : 'authorizes beyond the VPC',
  ),
];

// Data: PostgreSQL and Redis -------------------------------------------------------------------

const DB = 'aws_db_instance';
const REDIS = 'aws_elasticache_replication_group';

function parameterOf(tree: Tree, db: Located, name: string): string | undefined {
  const ref = arg(db, 'parameter_group_name');
  const group = tree
    .resources('aws_db_parameter_group')
    .find((g) => ref.kind === 'ref' && sameResource({ ...ref, attr: '' }, g));
  const parameter = group
    ? nested(group.resource.body, 'parameter').find((p) => p.name === name)
    : undefined;
  return typeof parameter?.value === 'string' ? parameter.value : undefined;
}

const dataRules: Rule[] = [
  argument('CKV_AWS_16', 'PostgreSQL storage is encrypted', DB, 'storage_encrypted', isTrue),
  argument(
    'AVD-AWS-0080',
    'PostgreSQL is encrypted with the customer managed key',
    DB,
    'kms_key_id',
    customerKey,
  ),
  argument(
    'CKV_AWS_17',
    'PostgreSQL is not publicly accessible',
    DB,
    'publicly_accessible',
    isFalse,
  ),
  argument('CKV_AWS_157', 'PostgreSQL is Multi-AZ', DB, 'multi_az', isTrue),
  argument(
    'CKV_AWS_133',
    'PostgreSQL keeps backups for at least 7 days',
    DB,
    'backup_retention_period',
    atLeast(7),
  ),
  argument('CKV_AWS_293', 'PostgreSQL has deletion protection', DB, 'deletion_protection', isTrue),
  argument(
    'BLW_RDS_FINAL_SNAPSHOT',
    'PostgreSQL takes a final snapshot when deleted',
    DB,
    'skip_final_snapshot',
    isFalse,
  ),
  argument(
    'CKV_AWS_161',
    'PostgreSQL accepts IAM authentication',
    DB,
    'iam_database_authentication_enabled',
    isTrue,
  ),
  argument(
    'CKV_AWS_129',
    'PostgreSQL exports its log to CloudWatch',
    DB,
    'enabled_cloudwatch_logs_exports',
    listHas('postgresql'),
  ),
  argument(
    'CKV_AWS_118',
    'PostgreSQL has enhanced monitoring',
    DB,
    'monitoring_interval',
    atLeast(1),
  ),
  rule(
    'BLW_RDS_MANAGED_PASSWORD',
    'The master password is generated and kept by RDS in Secrets Manager, never in code',
    DB,
    (db) =>
      holds(arg(db, 'manage_master_user_password'), isTrue) && !hasKey(db.resource.body, 'password')
        ? undefined
        : 'password not managed by RDS',
  ),
  {
    id: 'CKV2_AWS_69',
    title: 'PostgreSQL refuses connections without TLS (rds.force_ssl)',
    check: (tree) =>
      each(tree, DB, (db) =>
        parameterOf(tree, db, 'rds.force_ssl') === '1' ? undefined : 'TLS not forced',
      ),
  },
  {
    id: 'BLW_RDS_SCRAM',
    title: 'PostgreSQL stores passwords as SCRAM-SHA-256',
    check: (tree) =>
      each(tree, DB, (db) =>
        parameterOf(tree, db, 'password_encryption') === 'scram-sha-256'
          ? undefined
          : 'not scram-sha-256',
      ),
  },
  argument('CKV_AWS_29', 'Redis is encrypted at rest', REDIS, 'at_rest_encryption_enabled', isTrue),
  rule('CKV_AWS_30', 'Redis requires TLS in transit', REDIS, (redis) =>
    holds(arg(redis, 'transit_encryption_enabled'), isTrue) &&
    holds(arg(redis, 'transit_encryption_mode'), equals('required'))
      ? undefined
      : 'TLS not required',
  ),
  rule('CKV_AWS_31', 'Redis requires an AUTH token', REDIS, (redis) =>
    hasKey(redis.resource.body, 'auth_token') ? undefined : 'no AUTH token',
  ),
  argument(
    'CKV_AWS_191',
    'Redis is encrypted with the customer managed key',
    REDIS,
    'kms_key_id',
    customerKey,
  ),
  rule('BLW_REDIS_FAILOVER', 'Redis fails over automatically across zones', REDIS, (redis) =>
    holds(arg(redis, 'automatic_failover_enabled'), isTrue) &&
    holds(arg(redis, 'multi_az_enabled'), isTrue)
      ? undefined
      : 'no automatic failover',
  ),
];

// Service: ECS ---------------------------------------------------------------------------------

const TASK = 'aws_ecs_task_definition';

function containers(task: Located): Value[] {
  return [...items(arg(task, 'container_definitions'))];
}

function everyContainer(
  task: Located,
  test: (container: Value) => boolean,
  message: string,
): string | undefined {
  const all = containers(task);
  return all.length > 0 && all.every(test) ? undefined : message;
}

/** Names of values that are credentials: never in `environment`, always from Secrets Manager. */
const SECRET_NAME =
  /(PASSWORD|SECRET|TOKEN|_KEYS?$|^DATABASE(_MIGRATION)?_URL$|^REDIS_URL$|^SMTP_URL$)/;
const REQUIRED_SECRETS = [
  'DATABASE_URL',
  'REDIS_URL',
  'FIELD_ENCRYPTION_KEYS',
  'BLIND_INDEX_KEYS',
  'AUDIT_CHAIN_KEYS',
  'JWT_SIGNING_KEYS',
];

function environmentOf(container: Value): Map<string, Value | undefined> {
  return new Map(
    items(field(container, 'environment')).map((entry) => [
      String(scalarOf(field(entry, 'name'))),
      field(entry, 'value'),
    ]),
  );
}

const secretReference: Judge = {
  ref: (value) => value.type === 'aws_secretsmanager_secret' && value.attr === 'arn',
};

const serviceRules: Rule[] = [
  rule('CKV_AWS_336', 'Containers have a read-only root filesystem', TASK, (task) =>
    everyContainer(
      task,
      (c) => holds(field(c, 'readonlyRootFilesystem') ?? { kind: 'unknown', expr: '' }, isTrue),
      'writable root filesystem',
    ),
  ),
  rule('CKV_AWS_334', 'Containers are not privileged', TASK, (task) =>
    everyContainer(task, (c) => scalarOf(field(c, 'privileged')) === false, 'privileged container'),
  ),
  rule('BLW_NON_ROOT_USER', 'Containers run as a non-root numeric user', TASK, (task) =>
    everyContainer(
      task,
      (c) => /^[1-9]\d*(:[1-9]\d*)?$/.test(String(scalarOf(field(c, 'user')))),
      'runs as root or an unnamed user',
    ),
  ),
  rule('BLW_DROP_ALL_CAPABILITIES', 'Containers drop every Linux capability', TASK, (task) =>
    everyContainer(
      task,
      (c) =>
        holds(
          field(field(field(c, 'linuxParameters'), 'capabilities'), 'drop') ?? {
            kind: 'unknown',
            expr: '',
          },
          listHas('ALL'),
        ),
      'capabilities kept',
    ),
  ),
  rule('AVD-AWS-0036', 'No secret in a container’s plain environment', TASK, (task) =>
    everyContainer(
      task,
      (c) => [...environmentOf(c).keys()].every((name) => !SECRET_NAME.test(name)),
      'a secret in environment',
    ),
  ),
  rule(
    'BLW_SECRETS_BY_REFERENCE',
    'Keys and database and Redis credentials come from Secrets Manager by reference',
    TASK,
    (task) =>
      everyContainer(
        task,
        (c) => {
          const given = new Map(
            items(field(c, 'secrets')).map((s) => [
              String(scalarOf(field(s, 'name'))),
              field(s, 'valueFrom'),
            ]),
          );
          return REQUIRED_SECRETS.every((name) => {
            const from = given.get(name);
            return from !== undefined && holds(from, secretReference);
          });
        },
        'a required secret is missing or not a Secrets Manager reference',
      ),
  ),
  rule('CKV_AWS_249', 'Task and execution roles are separate', TASK, (task) => {
    const execution = arg(task, 'execution_role_arn');
    const taskRole = arg(task, 'task_role_arn');
    return execution.kind === 'ref' && taskRole.kind === 'ref' && execution.name !== taskRole.name
      ? undefined
      : 'one role for both';
  }),
  rule(
    'BLW_TRUSTED_PROXIES',
    'TRUSTED_PROXIES is exactly the load balancer’s subnets',
    TASK,
    (task) =>
      everyContainer(
        task,
        (c) => {
          const value = environmentOf(c).get('TRUSTED_PROXIES');
          const proxies =
            value?.kind === 'unknown' ? /^join\(",",\s*var\.(\w+)\)$/.exec(value.expr) : null;
          if (proxies?.[1] === undefined) {
            return false;
          }
          return holds(resolver.expression(`var.${proxies[1]}`, task.instance), {
            ref: (r) =>
              r.type === 'aws_subnet' && r.name === 'public' && r.attr.endsWith('cidr_block'),
            domain: () => true,
          });
        },
        'TRUSTED_PROXIES missing or not the public subnets',
      ),
  ),
  rule('BLW_IMAGE_DIGEST', 'The image is pinned by digest, never by tag', TASK, (task) =>
    everyContainer(
      task,
      (c) =>
        holds(field(c, 'image') ?? { kind: 'unknown', expr: '' }, {
          scalar: (v) => typeof v === 'string' && /@sha256:[a-f0-9]{64}$/.test(v),
          domain: (d) => d.kind === 'regex' && d.pattern.endsWith('@sha256:[a-f0-9]{64}$'),
        }),
      'image not pinned by digest',
    ),
  ),
  rule('CKV_AWS_333', 'Tasks get no public IP address', 'aws_ecs_service', (service) =>
    nested(service.resource.body, 'network_configuration').some((n) =>
      holds(resolveIn(service, n.assign_public_ip), isFalse),
    )
      ? undefined
      : 'public IP assigned',
  ),
  rule('CKV_AWS_65', 'The cluster has Container Insights', 'aws_ecs_cluster', (cluster) =>
    nested(cluster.resource.body, 'setting').some(
      (s) => s.name === 'containerInsights' && ['enabled', 'enhanced'].includes(text(s.value)),
    )
      ? undefined
      : 'no Container Insights',
  ),
  rule(
    'CKV_AWS_224',
    'ECS Exec sessions are encrypted with the customer key and logged',
    'aws_ecs_cluster',
    (cluster) =>
      path(cluster.resource.body, 'configuration', 'execute_command_configuration').some(
        (c) => holds(resolveIn(cluster, c.kms_key_id), customerKey) && c.logging === 'OVERRIDE',
      )
        ? undefined
        : 'ECS Exec not encrypted or not logged',
  ),
  {
    id: 'BLW_HEALTH_ROUTES',
    title: 'The load balancer checks /health/ready and the container /health/live',
    check: (tree) => {
      const groups = tree.resources('aws_lb_target_group');
      const findings = groups
        .filter(
          (g) => !nested(g.resource.body, 'health_check').some((h) => h.path === '/health/ready'),
        )
        .map((g) => ({ where: address(g), message: 'target group does not check /health/ready' }));
      const live = (c: Value): boolean =>
        items(field(field(c, 'healthCheck'), 'command')).some((part) =>
          String(scalarOf(part)).includes('/health/live'),
        );
      const apis = tree
        .resources('aws_ecs_service')
        .flatMap((s) =>
          tree.resources(TASK).filter((t) => sameResource(arg(s, 'task_definition'), t)),
        );
      for (const task of apis) {
        if (!containers(task).some(live)) {
          findings.push({ where: address(task), message: 'no /health/live container check' });
        }
      }
      return { findings, checked: groups.length + apis.length };
    },
  },
];

// IAM ------------------------------------------------------------------------------------------

/** Actions AWS cannot scope to a resource, so "*" is the only resource they take. */
const UNSCOPABLE_ACTIONS = new Set([
  'ecr:GetAuthorizationToken',
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
]);

/** Policy documents attached to roles (identity policies); key and bucket policies are resource policies. */
function identityDocuments(tree: Tree): Located[] {
  const attached = [
    ...tree.resources('aws_iam_role_policy'),
    ...tree.resources('aws_iam_policy'),
  ].map((p) => arg(p, 'policy'));
  return tree
    .dataSources('aws_iam_policy_document')
    .filter((doc) =>
      attached.some(
        (ref) =>
          ref.kind === 'ref' &&
          ref.data &&
          ref.instance === doc.instance &&
          ref.name === doc.resource.name,
      ),
    );
}

function allowStatements(doc: Located): Body[] {
  return nested(doc.resource.body, 'statement').filter(
    (s) => s.effect === undefined || s.effect === 'Allow',
  );
}

function strings(value: Body[string] | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function documents(tree: Tree, test: (statement: Body) => boolean): RuleResult {
  const docs = identityDocuments(tree);
  const findings = docs
    .filter((doc) => allowStatements(doc).some(test))
    .map((doc) => ({ where: address(doc), message: 'statement too broad' }));
  return { findings, checked: docs.length };
}

const iamRules: Rule[] = [
  {
    id: 'CKV_AWS_49',
    title: 'Role policies allow named actions, never "*" or "service:*"',
    check: (tree) =>
      documents(tree, (s) => strings(s.actions).some((a) => a === '*' || a.endsWith(':*'))),
  },
  {
    id: 'CKV_AWS_355',
    title: 'Role policies scope every action that can be scoped to named resources',
    check: (tree) =>
      documents(
        tree,
        (s) =>
          strings(s.resources).includes('*') &&
          strings(s.actions).some((a) => !UNSCOPABLE_ACTIONS.has(a)),
      ),
  },
];

// Observability, keys, secrets ----------------------------------------------------------------

const SECURITY_EVENTS = [
  'authn_login_fail',
  'authn_token_reuse',
  'authz_fail',
  'excess_rate_limit_exceeded',
  'sys_monitor_disabled',
  'sys_certificate_expiring',
];

function keysOf(value: Value): string[] {
  return value.kind === 'object' ? Object.keys(value.fields) : [];
}

const observabilityRules: Rule[] = [
  argument(
    'CKV_AWS_158',
    'Log groups are encrypted with the customer managed key',
    'aws_cloudwatch_log_group',
    'kms_key_id',
    customerKey,
  ),
  argument(
    'CKV_AWS_338',
    'Log groups keep logs for at least a year',
    'aws_cloudwatch_log_group',
    'retention_in_days',
    atLeast(365),
  ),
  argument('CKV_AWS_7', 'The KMS key rotates', 'aws_kms_key', 'enable_key_rotation', isTrue),
  argument('CKV2_AWS_64', 'The KMS key has an explicit key policy', 'aws_kms_key', 'policy', {
    ref: (v) => v.type === 'aws_iam_policy_document' && v.data,
  }),
  argument('CKV_AWS_238', 'GuardDuty is enabled', 'aws_guardduty_detector', 'enable', isTrue),
  rule(
    'BLW_SECURITY_HUB_FSBP',
    'Security Hub runs the AWS Foundational Security Best Practices standard',
    'aws_securityhub_standards_subscription',
    // The ARN is a template of partition and region; the standard's path is the literal part.
    (s) =>
      text(s.resource.body.standards_arn).includes(':securityhub:${') &&
      text(s.resource.body.standards_arn).includes(
        '::standards/aws-foundational-security-best-practices/',
      )
        ? undefined
        : 'another standard',
  ),
  argument(
    'CKV_AWS_26',
    'The alarm topic is encrypted with the customer managed key',
    'aws_sns_topic',
    'kms_master_key_id',
    customerKey,
  ),
  argument(
    'CKV_AWS_149',
    'Secrets are encrypted with the customer managed key',
    'aws_secretsmanager_secret',
    'kms_key_id',
    customerKey,
  ),
  {
    id: 'BLW_SECURITY_EVENT_ALARMS',
    title:
      'Each security event of the API has a metric filter and an alarm that notifies the topic',
    check: (tree) => {
      const filters = tree.resources('aws_cloudwatch_log_metric_filter');
      const alarms = tree
        .resources('aws_cloudwatch_metric_alarm')
        .filter((a) => 'for_each' in a.resource.body);
      const findings = tree.roots.flatMap((root) => {
        const mine = (l: Located): boolean => l.instance.path.startsWith(root.path);
        const filtered = filters
          .filter(mine)
          .filter((f) => text(f.resource.body.pattern).includes('$.event'))
          .flatMap((f) => keysOf(resolveIn(f, f.resource.body.for_each)));
        const alarmed = alarms
          .filter(mine)
          .filter((a) =>
            items(arg(a, 'alarm_actions')).some(
              (t) => t.kind === 'ref' && t.type === 'aws_sns_topic',
            ),
          )
          .flatMap((a) => keysOf(resolveIn(a, a.resource.body.for_each)));
        const missing = SECURITY_EVENTS.filter(
          (event) => !filtered.includes(event) || !alarmed.includes(event),
        );
        return missing.length === 0
          ? []
          : [{ where: root.path, message: `no alarm on ${missing.join(', ')}` }];
      });
      return { findings, checked: filters.length + alarms.length };
    },
  },
  {
    id: 'BLW_5XX_ALARM',
    title: 'An alarm on the 5xx answers of the API notifies the topic',
    check: (tree) => {
      const alarms = tree.resources('aws_cloudwatch_metric_alarm');
      const findings = tree.roots.flatMap((root) => {
        const found = alarms.some(
          (a) =>
            a.instance.path.startsWith(root.path) &&
            path(a.resource.body, 'metric_query', 'metric').some(
              (m) => m.metric_name === 'HTTPCode_Target_5XX_Count',
            ) &&
            items(arg(a, 'alarm_actions')).some(
              (t) => t.kind === 'ref' && t.type === 'aws_sns_topic',
            ),
        );
        return found ? [] : [{ where: root.path, message: 'no 5xx alarm' }];
      });
      return { findings, checked: alarms.length };
    },
  },
  {
    id: 'BLW_STATE_BACKEND',
    title: 'Remote state is in S3, encrypted, with S3 native locking',
    check: (tree) => {
      const findings = tree.roots.flatMap((root) => {
        const backends = root.module.terraform.flatMap((t) =>
          isBody(t.backend) ? blocks(t.backend.s3) : [],
        );
        const safe =
          backends.length === 1 &&
          backends.every((b) => b.encrypt === true && b.use_lockfile === true);
        return safe ? [] : [{ where: root.path, message: 'state not encrypted or not locked' }];
      });
      return { findings, checked: tree.roots.length };
    },
  },
];

export const rules: readonly Rule[] = [
  ...networkRules,
  ...firewallRules,
  ...edgeRules,
  ...vpnRules,
  ...dataRules,
  ...serviceRules,
  ...iamRules,
  ...observabilityRules,
];

export function failingRules(tree: Tree): Map<string, readonly Finding[]> {
  const failing = new Map<string, readonly Finding[]>();
  for (const r of rules) {
    const { findings } = r.check(tree);
    if (findings.length > 0) {
      failing.set(r.id, findings);
    }
  }
  return failing;
}
