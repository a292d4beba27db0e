/**
 * One mutation per rule: an edit of the real Terraform that breaks exactly the property the rule
 * checks. `from` must occur exactly once in `file` (relative to infra/terraform).
 */
export interface Mutation {
  readonly rule: string;
  readonly file: string;
  readonly from: string;
  readonly to: string;
}

const network = 'modules/network/main.tf';
const firewall = 'modules/network/firewall.tf';
const edge = 'modules/edge/main.tf';
const vpn = 'modules/vpn/main.tf';
const data = 'modules/data/main.tf';
const service = 'modules/service/main.tf';
const observability = 'modules/observability/main.tf';

export const mutations: readonly Mutation[] = [
  // Network
  {
    rule: 'CKV2_AWS_12',
    file: network,
    from: 'resource "aws_default_security_group" "this" {\n  vpc_id = aws_vpc.this.id\n',
    to: 'resource "aws_default_security_group" "this" {\n  vpc_id = aws_vpc.this.id\n\n  egress {\n    protocol    = "-1"\n    from_port   = 0\n    to_port     = 0\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n',
  },
  {
    rule: 'CKV2_AWS_11',
    file: network,
    from: 'vpc_id                   = aws_vpc.this.id\n  traffic_type',
    to: 'subnet_id                = aws_subnet.private[0].id\n  traffic_type',
  },
  {
    rule: 'BLW_FLOW_LOGS_ALL',
    file: network,
    from: 'traffic_type             = "ALL"',
    to: 'traffic_type             = "REJECT"',
  },
  {
    rule: 'CKV_AWS_130',
    file: network,
    from: 'cidr_block              = cidrsubnet(var.cidr_block, 4, count.index)\n  map_public_ip_on_launch = false',
    to: 'cidr_block              = cidrsubnet(var.cidr_block, 4, count.index)\n  map_public_ip_on_launch = true',
  },
  { rule: 'CKV2_AWS_1', file: network, from: '  subnet_ids = aws_subnet.data[*].id\n', to: '' },
  {
    rule: 'AVD-AWS-0102',
    file: network,
    from: 'protocol   = "tcp"\n    cidr_block = var.cidr_block\n    from_port  = 1024\n    to_port    = 65535\n  }\n\n  tags = merge(var.tags, { Name = "${var.name}-data" })',
    to: 'protocol   = "-1"\n    cidr_block = var.cidr_block\n    from_port  = 0\n    to_port    = 0\n  }\n\n  tags = merge(var.tags, { Name = "${var.name}-data" })',
  },
  {
    rule: 'BLW_PRIVATE_ENDPOINTS',
    file: 'modules/network/variables.tf',
    from: '"logs", "secretsmanager", "kms"',
    to: '"logs", "kms"',
  },
  // Firewall
  {
    rule: 'BLW_NO_SSH',
    file: firewall,
    from: 'description                  = "PostgreSQL from the API tasks"\n  ip_protocol                  = "tcp"\n  from_port                    = 5432\n  to_port                      = 5432',
    to: 'description                  = "PostgreSQL from the API tasks"\n  ip_protocol                  = "tcp"\n  from_port                    = 22\n  to_port                      = 22',
  },
  {
    rule: 'CKV_AWS_23',
    file: firewall,
    from: '  description                  = "Redis from the API tasks"\n',
    to: '',
  },
  {
    rule: 'AVD-AWS-0107',
    file: firewall,
    from: 'description                  = "Requests and health checks from the load balancer"\n  ip_protocol                  = "tcp"\n  from_port                    = var.app_port\n  to_port                      = var.app_port\n  referenced_security_group_id = aws_security_group.alb.id',
    to: 'description                  = "Requests and health checks from the load balancer"\n  ip_protocol                  = "tcp"\n  from_port                    = var.app_port\n  to_port                      = var.app_port\n  cidr_ipv4                    = "0.0.0.0/0"',
  },
  {
    rule: 'CKV_AWS_260',
    file: edge,
    from: 'port              = 80\n  protocol          = "HTTP"',
    to: 'port              = 8080\n  protocol          = "HTTP"',
  },
  {
    rule: 'CKV_AWS_382',
    file: firewall,
    from: 'from_port                    = 6379\n  to_port                      = 6379\n  referenced_security_group_id = aws_security_group.redis.id',
    to: 'from_port                    = 6379\n  to_port                      = 6379\n  cidr_ipv4                    = "0.0.0.0/0"',
  },
  {
    rule: 'BLW_SG_REFERENCES',
    file: firewall,
    from: 'description                  = "PostgreSQL from administrators on the VPN (IAM authentication)"\n  ip_protocol                  = "tcp"\n  from_port                    = 5432\n  to_port                      = 5432\n  referenced_security_group_id = aws_security_group.vpn.id',
    to: 'description                  = "PostgreSQL from administrators on the VPN (IAM authentication)"\n  ip_protocol                  = "tcp"\n  from_port                    = 5432\n  to_port                      = 5432\n  cidr_ipv4                    = var.cidr_block',
  },
  {
    rule: 'BLW_ONE_RESOURCE_PER_RULE',
    file: firewall,
    from: '  description = "Redis: connections in from the API tasks only"\n  vpc_id      = aws_vpc.this.id\n',
    to: '  description = "Redis: connections in from the API tasks only"\n  vpc_id      = aws_vpc.this.id\n\n  ingress {\n    description     = "Redis from the API tasks"\n    protocol        = "tcp"\n    from_port       = 6379\n    to_port         = 6379\n    security_groups = [aws_security_group.app.id]\n  }\n',
  },
  // Edge
  {
    rule: 'CKV_AWS_91',
    file: edge,
    from: 'prefix  = "alb"\n    enabled = true',
    to: 'prefix  = "alb"\n    enabled = false',
  },
  {
    rule: 'CKV_AWS_150',
    file: edge,
    from: 'enable_deletion_protection = true',
    to: 'enable_deletion_protection = false',
  },
  {
    rule: 'CKV_AWS_131',
    file: edge,
    from: 'drop_invalid_header_fields = true',
    to: 'drop_invalid_header_fields = false',
  },
  {
    rule: 'AVD-AWS-0047',
    file: edge,
    from: '"ELBSecurityPolicy-TLS13-1-2-Res-2021-06"',
    to: '"ELBSecurityPolicy-2016-08"',
  },
  {
    rule: 'CKV_AWS_2',
    file: edge,
    from: 'port              = 443\n  protocol          = "HTTPS"',
    to: 'port              = 443\n  protocol          = "HTTP"',
  },
  {
    rule: 'CKV2_AWS_28',
    file: edge,
    from: 'resource "aws_wafv2_web_acl_association" "this" {\n  resource_arn = aws_lb.this.arn',
    to: 'resource "aws_wafv2_web_acl_association" "this" {\n  resource_arn = var.certificate_arn',
  },
  {
    rule: 'CKV_AWS_192',
    file: edge,
    from: '"AWSManagedRulesKnownBadInputsRuleSet"',
    to: '"AWSManagedRulesAnonymousIpList"',
  },
  {
    rule: 'BLW_WAF_MANAGED_RULES',
    file: edge,
    from: '"AWSManagedRulesSQLiRuleSet"',
    to: '"AWSManagedRulesLinuxRuleSet"',
  },
  {
    rule: 'BLW_WAF_RATE_LIMIT',
    file: edge,
    from: 'action {\n      block {}\n    }',
    to: 'action {\n      count {}\n    }',
  },
  {
    rule: 'CKV2_AWS_31',
    file: edge,
    from: 'resource_arn            = aws_wafv2_web_acl.this.arn',
    to: 'resource_arn            = aws_lb.this.arn',
  },
  {
    rule: 'CKV2_AWS_6',
    file: edge,
    from: 'restrict_public_buckets = true',
    to: 'restrict_public_buckets = false',
  },
  {
    rule: 'CKV_AWS_21',
    file: edge,
    from: 'status = "Enabled"\n  }',
    to: 'status = "Suspended"\n  }',
  },
  {
    rule: 'AVD-AWS-0088',
    file: edge,
    from: 'resource "aws_s3_bucket_server_side_encryption_configuration" "access_logs" {\n  bucket = aws_s3_bucket.access_logs.id',
    to: 'resource "aws_s3_bucket_server_side_encryption_configuration" "access_logs" {\n  bucket = "another-bucket"',
  },
  // VPN
  {
    rule: 'BLW_VPN_SPLIT_TUNNEL',
    file: vpn,
    from: 'split_tunnel           = true',
    to: 'split_tunnel           = false',
  },
  {
    rule: 'BLW_VPN_CONNECTION_LOGS',
    file: vpn,
    from: 'enabled               = true',
    to: 'enabled               = false',
  },
  {
    rule: 'BLW_VPN_DEVICE_AND_USER',
    file: vpn,
    from: '  authentication_options {\n    type              = "federated-authentication"\n    saml_provider_arn = var.saml_provider_arn\n  }\n\n',
    to: '',
  },
  {
    rule: 'BLW_VPN_NO_AUTHORIZE_ALL',
    file: vpn,
    from: 'access_group_id        = var.admin_group_id',
    to: 'authorize_all_groups   = true',
  },
  {
    rule: 'BLW_VPN_VPC_ONLY',
    file: vpn,
    from: 'target_network_cidr    = var.vpc_cidr_block',
    to: 'target_network_cidr    = "0.0.0.0/0"',
  },
  // Data
  {
    rule: 'CKV_AWS_16',
    file: data,
    from: 'storage_encrypted     = true',
    to: 'storage_encrypted     = false',
  },
  {
    rule: 'AVD-AWS-0080',
    file: data,
    from: '  storage_encrypted     = true\n  kms_key_id            = var.kms_key_arn\n',
    to: '  storage_encrypted     = true\n',
  },
  {
    rule: 'CKV_AWS_17',
    file: data,
    from: 'publicly_accessible    = false',
    to: 'publicly_accessible    = true',
  },
  {
    rule: 'CKV_AWS_157',
    file: data,
    from: 'multi_az               = true',
    to: 'multi_az               = false',
  },
  {
    rule: 'CKV_AWS_133',
    file: 'environments/staging/main.tf',
    from: 'backup_retention_days      = 7',
    to: 'backup_retention_days      = 3',
  },
  {
    rule: 'CKV_AWS_293',
    file: data,
    from: 'deletion_protection       = true',
    to: 'deletion_protection       = false',
  },
  {
    rule: 'BLW_RDS_FINAL_SNAPSHOT',
    file: data,
    from: 'skip_final_snapshot       = false',
    to: 'skip_final_snapshot       = true',
  },
  {
    rule: 'CKV_AWS_161',
    file: data,
    from: 'iam_database_authentication_enabled = true',
    to: 'iam_database_authentication_enabled = false',
  },
  {
    rule: 'CKV_AWS_129',
    file: data,
    from: 'enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]',
    to: 'enabled_cloudwatch_logs_exports = ["upgrade"]',
  },
  {
    rule: 'CKV_AWS_118',
    file: data,
    from: 'monitoring_interval             = 60',
    to: 'monitoring_interval             = 0',
  },
  {
    rule: 'BLW_RDS_MANAGED_PASSWORD',
    file: data,
    from: 'manage_master_user_password   = true',
    to: 'password                      = "change-me-please"',
  },
  {
    rule: 'CKV2_AWS_69',
    file: data,
    from: 'name  = "rds.force_ssl"\n    value = "1"',
    to: 'name  = "rds.force_ssl"\n    value = "0"',
  },
  { rule: 'BLW_RDS_SCRAM', file: data, from: 'value = "scram-sha-256"', to: 'value = "md5"' },
  {
    rule: 'CKV_AWS_29',
    file: data,
    from: 'at_rest_encryption_enabled = true',
    to: 'at_rest_encryption_enabled = false',
  },
  {
    rule: 'CKV_AWS_30',
    file: data,
    from: 'transit_encryption_mode    = "required"',
    to: 'transit_encryption_mode    = "preferred"',
  },
  {
    rule: 'CKV_AWS_31',
    file: data,
    from: '  auth_token                 = random_password.redis_auth.result\n',
    to: '',
  },
  {
    rule: 'CKV_AWS_191',
    file: data,
    from: '  at_rest_encryption_enabled = true\n  kms_key_id                 = var.kms_key_arn\n',
    to: '  at_rest_encryption_enabled = true\n',
  },
  {
    rule: 'BLW_REDIS_FAILOVER',
    file: data,
    from: 'automatic_failover_enabled = true',
    to: 'automatic_failover_enabled = false',
  },
  // Service
  {
    rule: 'CKV_AWS_336',
    file: service,
    from: 'name                   = "migrate"\n    image                  = var.image\n    essential              = true\n    command                = ["node", "apps/api/dist/cli.js", "db:migrate"]\n    user                   = "10001:10001"\n    readonlyRootFilesystem = true',
    to: 'name                   = "migrate"\n    image                  = var.image\n    essential              = true\n    command                = ["node", "apps/api/dist/cli.js", "db:migrate"]\n    user                   = "10001:10001"\n    readonlyRootFilesystem = false',
  },
  {
    rule: 'CKV_AWS_334',
    file: service,
    from: 'readonlyRootFilesystem = true\n    privileged             = false\n    linuxParameters        = local.linux_parameters\n    mountPoints            = local.mount_points\n    environment            = local.environment\n    secrets                = local.secrets\n    portMappings',
    to: 'readonlyRootFilesystem = true\n    privileged             = true\n    linuxParameters        = local.linux_parameters\n    mountPoints            = local.mount_points\n    environment            = local.environment\n    secrets                = local.secrets\n    portMappings',
  },
  {
    rule: 'BLW_NON_ROOT_USER',
    file: service,
    from: 'essential              = true\n    user                   = "10001:10001"',
    to: 'essential              = true\n    user                   = "0:0"',
  },
  {
    rule: 'BLW_DROP_ALL_CAPABILITIES',
    file: service,
    from: 'capabilities       = { drop = ["ALL"] }',
    to: 'capabilities       = { drop = ["NET_RAW"] }',
  },
  {
    rule: 'AVD-AWS-0036',
    file: service,
    from: '{ name = "MAIL_FROM", value = var.mail_from },',
    to: '{ name = "MAIL_FROM", value = var.mail_from },\n    { name = "SMTP_PASSWORD", value = "hunter2" },',
  },
  {
    rule: 'BLW_SECRETS_BY_REFERENCE',
    file: service,
    from: '    { name = "REDIS_URL", valueFrom = var.redis_url_secret_arn },\n',
    to: '',
  },
  {
    rule: 'CKV_AWS_249',
    file: service,
    from: 'task_role_arn            = aws_iam_role.task.arn\n  container_definitions    = jsonencode([local.migrate_container])',
    to: 'task_role_arn            = aws_iam_role.execution.arn\n  container_definitions    = jsonencode([local.migrate_container])',
  },
  {
    rule: 'BLW_TRUSTED_PROXIES',
    file: 'environments/production/main.tf',
    from: 'trusted_proxy_cidrs  = module.network.public_subnet_cidr_blocks',
    to: 'trusted_proxy_cidrs  = ["10.0.0.0/8"]',
  },
  {
    rule: 'BLW_IMAGE_DIGEST',
    file: 'modules/service/variables.tf',
    from: '@sha256:[a-f0-9]{64}$", var.image))',
    to: '(:[\\\\w.-]+)?$", var.image))',
  },
  {
    rule: 'CKV_AWS_333',
    file: service,
    from: 'assign_public_ip = false',
    to: 'assign_public_ip = true',
  },
  { rule: 'CKV_AWS_65', file: service, from: 'value = "enhanced"', to: 'value = "disabled"' },
  {
    rule: 'CKV_AWS_224',
    file: service,
    from: 'kms_key_id = var.kms_key_arn\n      logging    = "OVERRIDE"',
    to: 'logging    = "OVERRIDE"',
  },
  {
    rule: 'BLW_HEALTH_ROUTES',
    file: edge,
    from: 'path                = "/health/ready"',
    to: 'path                = "/"',
  },
  // IAM
  {
    rule: 'CKV_AWS_49',
    file: service,
    from: 'actions   = ["secretsmanager:GetSecretValue"]',
    to: 'actions   = ["secretsmanager:*"]',
  },
  {
    rule: 'CKV_AWS_355',
    file: service,
    from: 'actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]\n    resources = ["${aws_cloudwatch_log_group.api.arn}:*", "${aws_cloudwatch_log_group.migrate.arn}:*"]',
    to: 'actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]\n    resources = ["*"]',
  },
  // Observability, keys, secrets, state
  {
    rule: 'CKV_AWS_158',
    file: service,
    from: 'name              = "/ecs/${var.name}/migrate"\n  retention_in_days = var.log_retention_days\n  kms_key_id        = var.kms_key_arn\n',
    to: 'name              = "/ecs/${var.name}/migrate"\n  retention_in_days = var.log_retention_days\n',
  },
  {
    rule: 'CKV_AWS_338',
    file: 'modules/vpn/variables.tf',
    from: 'contains([365, 400,',
    to: 'contains([30, 365, 400,',
  },
  {
    rule: 'CKV_AWS_7',
    file: observability,
    from: 'enable_key_rotation     = true',
    to: 'enable_key_rotation     = false',
  },
  {
    rule: 'CKV2_AWS_64',
    file: observability,
    from: '  policy                  = data.aws_iam_policy_document.key.json\n',
    to: '',
  },
  {
    rule: 'CKV_AWS_238',
    file: observability,
    from: 'enable                       = true',
    to: 'enable                       = false',
  },
  {
    rule: 'BLW_SECURITY_HUB_FSBP',
    file: observability,
    from: 'standards/aws-foundational-security-best-practices/v/1.0.0',
    to: 'standards/cis-aws-foundations-benchmark/v/1.4.0',
  },
  {
    rule: 'CKV_AWS_26',
    file: observability,
    from: '  kms_master_key_id = aws_kms_key.this.arn\n',
    to: '',
  },
  {
    rule: 'CKV_AWS_149',
    file: service,
    from: 'description             = "${each.value} of the API"\n  kms_key_id              = var.kms_key_arn\n',
    to: 'description             = "${each.value} of the API"\n',
  },
  {
    rule: 'BLW_SECURITY_EVENT_ALARMS',
    file: observability,
    from: 'authn_token_reuse          = 1',
    to: 'authn_token_reused         = 1',
  },
  {
    rule: 'BLW_5XX_ALARM',
    file: observability,
    from: '"HTTPCode_Target_5XX_Count"',
    to: '"HTTPCode_Target_4XX_Count"',
  },
  {
    rule: 'BLW_STATE_BACKEND',
    file: 'environments/staging/versions.tf',
    from: 'encrypt      = true',
    to: 'encrypt      = false',
  },
];
