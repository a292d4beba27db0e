data "aws_region" "current" {}

locals {
  # Created empty: operators put the values (docs/deployment.md), so they never pass through Terraform.
  secret_names = toset(["DATABASE_URL", "DATABASE_MIGRATION_URL", "FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEYS", "AUDIT_CHAIN_KEYS", "JWT_SIGNING_KEYS", "SMTP_URL"])

  environment = [
    { name = "NODE_ENV", value = "production" },
    { name = "HOST", value = "0.0.0.0" },
    { name = "PORT", value = tostring(var.app_port) },
    { name = "LOG_STDOUT_COLLECTED", value = "true" },
    { name = "TRUSTED_PROXIES", value = join(",", var.trusted_proxy_cidrs) },
    { name = "REDIS_CA_FILE", value = var.redis_ca_file },
    { name = "PUBLIC_APP_URL", value = var.public_app_url },
    { name = "CORS_ORIGINS", value = var.cors_origins },
    { name = "MAIL_FROM", value = var.mail_from },
    { name = "FIELD_ENCRYPTION_ACTIVE_KEY_ID", value = var.key_ids.field_encryption },
    { name = "BLIND_INDEX_ACTIVE_KEY_ID", value = var.key_ids.blind_index },
    { name = "AUDIT_CHAIN_ACTIVE_KEY_ID", value = var.key_ids.audit_chain },
    { name = "JWT_ACTIVE_KEY_ID", value = var.key_ids.jwt },
  ]

  # ECS resolves these when a task starts: values never appear in the task definition.
  secrets = [
    { name = "DATABASE_URL", valueFrom = aws_secretsmanager_secret.app["DATABASE_URL"].arn },
    { name = "REDIS_URL", valueFrom = var.redis_url_secret_arn },
    { name = "FIELD_ENCRYPTION_KEYS", valueFrom = aws_secretsmanager_secret.app["FIELD_ENCRYPTION_KEYS"].arn },
    { name = "BLIND_INDEX_KEYS", valueFrom = aws_secretsmanager_secret.app["BLIND_INDEX_KEYS"].arn },
    { name = "AUDIT_CHAIN_KEYS", valueFrom = aws_secretsmanager_secret.app["AUDIT_CHAIN_KEYS"].arn },
    { name = "JWT_SIGNING_KEYS", valueFrom = aws_secretsmanager_secret.app["JWT_SIGNING_KEYS"].arn },
    { name = "SMTP_URL", valueFrom = aws_secretsmanager_secret.app["SMTP_URL"].arn },
  ]

  linux_parameters = {
    capabilities       = { drop = ["ALL"] }
    initProcessEnabled = true
  }

  # /tmp for the API; the two SSM paths are where the ECS Exec agent keeps its state.
  mount_points = [
    { sourceVolume = "tmp", containerPath = "/tmp", readOnly = false },
    { sourceVolume = "ssm-state", containerPath = "/var/lib/amazon/ssm", readOnly = false },
    { sourceVolume = "ssm-logs", containerPath = "/var/log/amazon/ssm", readOnly = false },
  ]

  api_container = {
    name                   = "api"
    image                  = var.image
    essential              = true
    user                   = "10001:10001"
    readonlyRootFilesystem = true
    privileged             = false
    linuxParameters        = local.linux_parameters
    mountPoints            = local.mount_points
    environment            = local.environment
    secrets                = local.secrets
    portMappings           = [{ containerPort = var.app_port, protocol = "tcp" }]
    healthCheck = {
      command     = ["CMD", "node", "-e", "fetch('http://127.0.0.1:${var.app_port}/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
      interval    = 15
      timeout     = 5
      retries     = 3
      startPeriod = 30
    }
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.api.name
        awslogs-region        = data.aws_region.current.region
        awslogs-stream-prefix = "api"
        mode                  = "non-blocking"
        max-buffer-size       = "25m"
      }
    }
  }

  migrate_container = {
    name                   = "migrate"
    image                  = var.image
    essential              = true
    command                = ["node", "apps/api/dist/cli.js", "db:migrate"]
    user                   = "10001:10001"
    readonlyRootFilesystem = true
    privileged             = false
    linuxParameters        = local.linux_parameters
    mountPoints            = local.mount_points
    environment            = local.environment
    # Only the migration task connects as the schema owner; the API's role cannot rewrite the audit trail.
    secrets = concat(local.secrets, [
      { name = "DATABASE_MIGRATION_URL", valueFrom = aws_secretsmanager_secret.app["DATABASE_MIGRATION_URL"].arn },
    ])
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.migrate.name
        awslogs-region        = data.aws_region.current.region
        awslogs-stream-prefix = "migrate"
      }
    }
  }
}

resource "aws_secretsmanager_secret" "app" {
  #checkov:skip=CKV2_AWS_57:keys rotate by the runbooks in docs/runbooks, not by a Lambda
  for_each = local.secret_names

  name_prefix             = "${var.name}/${each.value}-"
  description             = "${each.value} of the API"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = 30

  tags = var.tags
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/ecs/${var.name}/api"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_cloudwatch_log_group" "migrate" {
  name              = "/ecs/${var.name}/migrate"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_cloudwatch_log_group" "exec" {
  name              = "/ecs/${var.name}/exec"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_ecs_cluster" "this" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = "enhanced"
  }

  # ECS Exec replaces SSH: sessions are encrypted with the key and every command is logged.
  configuration {
    execute_command_configuration {
      kms_key_id = var.kms_key_arn
      logging    = "OVERRIDE"

      log_configuration {
        cloud_watch_encryption_enabled = true
        cloud_watch_log_group_name     = aws_cloudwatch_log_group.exec.name
      }
    }
  }

  tags = var.tags
}

data "aws_iam_policy_document" "tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

# The execution role is ECS's: it pulls the image, writes logs and reads the secrets at start.
resource "aws_iam_role" "execution" {
  name_prefix        = "${var.name}-execution-"
  assume_role_policy = data.aws_iam_policy_document.tasks_assume.json

  tags = var.tags
}

data "aws_iam_policy_document" "execution" {
  statement {
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid       = "PullTheApiImage"
    actions   = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"]
    resources = [var.ecr_repository_arn]
  }

  statement {
    sid       = "WriteContainerLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.api.arn}:*", "${aws_cloudwatch_log_group.migrate.arn}:*"]
  }

  statement {
    sid       = "ReadTheApiSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = concat([for secret in aws_secretsmanager_secret.app : secret.arn], [var.redis_url_secret_arn])
  }

  statement {
    sid       = "DecryptTheApiSecrets"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["secretsmanager.${data.aws_region.current.region}.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "pull-log-read-secrets"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

# The task role is the API's own: it needs no AWS API but ECS Exec.
resource "aws_iam_role" "task" {
  name_prefix        = "${var.name}-task-"
  assume_role_policy = data.aws_iam_policy_document.tasks_assume.json

  tags = var.tags
}

data "aws_iam_policy_document" "task" {
  statement {
    sid = "EcsExecChannels"
    actions = [
      "ssmmessages:CreateControlChannel",
      "ssmmessages:CreateDataChannel",
      "ssmmessages:OpenControlChannel",
      "ssmmessages:OpenDataChannel",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "EcsExecSessionLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = ["${aws_cloudwatch_log_group.exec.arn}:*"]
  }

  statement {
    sid       = "EcsExecSessionKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_role_policy" "task" {
  name   = "ecs-exec"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task.json
}

resource "aws_ecs_task_definition" "api" {
  family                   = "${var.name}-api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  container_definitions    = jsonencode([local.api_container])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  volume {
    name = "tmp"
  }

  volume {
    name = "ssm-state"
  }

  volume {
    name = "ssm-logs"
  }

  tags = var.tags
}

# Run once per release, before the service rolls: docs/deployment.md shows the command.
resource "aws_ecs_task_definition" "migrate" {
  family                   = "${var.name}-migrate"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  container_definitions    = jsonencode([local.migrate_container])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  volume {
    name = "tmp"
  }

  volume {
    name = "ssm-state"
  }

  volume {
    name = "ssm-logs"
  }

  tags = var.tags
}

resource "aws_ecs_service" "api" {
  name                               = "api"
  cluster                            = aws_ecs_cluster.this.id
  task_definition                    = aws_ecs_task_definition.api.arn
  desired_count                      = var.desired_count
  launch_type                        = "FARGATE"
  platform_version                   = "LATEST"
  enable_execute_command             = true
  propagate_tags                     = "SERVICE"
  health_check_grace_period_seconds  = 60
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [var.security_group_id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = var.target_group_arn
    container_name   = "api"
    container_port   = var.app_port
  }

  tags = var.tags
}
