# Production: a NAT gateway per zone, the VPN in every zone, three tasks, 30 days of backups.

locals {
  name = "bulwark-production"

  tags = {
    Project     = "bulwark"
    Environment = "production"
    ManagedBy   = "terraform"
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = local.tags
  }
}

module "observability" {
  source = "../../modules/observability"

  name               = local.name
  api_log_group_name = module.service.api_log_group_name
  alb_arn_suffix     = module.edge.alb_arn_suffix
  alarm_emails       = var.alarm_emails
  tags               = local.tags
}

module "network" {
  source = "../../modules/network"

  name               = local.name
  cidr_block         = var.vpc_cidr_block
  availability_zones = var.availability_zones
  single_nat_gateway = false
  kms_key_arn        = module.observability.kms_key_arn
  tags               = local.tags
}

module "edge" {
  source = "../../modules/edge"

  name              = local.name
  vpc_id            = module.network.vpc_id
  public_subnet_ids = module.network.public_subnet_ids
  security_group_id = module.network.alb_security_group_id
  certificate_arn   = var.certificate_arn
  kms_key_arn       = module.observability.kms_key_arn
  tags              = local.tags
}

module "vpn" {
  source = "../../modules/vpn"

  name                        = local.name
  vpc_id                      = module.network.vpc_id
  vpc_cidr_block              = module.network.vpc_cidr_block
  subnet_ids                  = module.network.private_subnet_ids
  security_group_id           = module.network.vpn_security_group_id
  server_certificate_arn      = var.vpn_server_certificate_arn
  client_root_certificate_arn = var.vpn_client_root_certificate_arn
  saml_provider_arn           = var.vpn_saml_provider_arn
  admin_group_id              = var.vpn_admin_group_id
  kms_key_arn                 = module.observability.kms_key_arn
  tags                        = local.tags
}

module "data" {
  source = "../../modules/data"

  name                              = local.name
  subnet_ids                        = module.network.data_subnet_ids
  database_security_group_id        = module.network.database_security_group_id
  redis_security_group_id           = module.network.redis_security_group_id
  kms_key_arn                       = module.observability.kms_key_arn
  database_instance_class           = "db.m7g.large"
  backup_retention_days             = 30
  database_allocated_storage_gb     = 100
  database_max_allocated_storage_gb = 500
  redis_node_type                   = "cache.m7g.large"
  redis_replicas                    = 2
  tags                              = local.tags
}

module "service" {
  source = "../../modules/service"

  name                 = local.name
  image                = var.image
  ecr_repository_arn   = var.ecr_repository_arn
  cpu                  = 1024
  memory               = 2048
  desired_count        = 3
  private_subnet_ids   = module.network.private_subnet_ids
  security_group_id    = module.network.app_security_group_id
  target_group_arn     = module.edge.target_group_arn
  trusted_proxy_cidrs  = module.network.public_subnet_cidr_blocks
  public_app_url       = var.public_app_url
  cors_origins         = var.cors_origins
  mail_from            = var.mail_from
  key_ids              = var.key_ids
  redis_url_secret_arn = module.data.redis_url_secret_arn
  kms_key_arn          = module.observability.kms_key_arn
  tags                 = local.tags
}
