# Staging: the production controls at a smaller size (one NAT gateway, burstable instances,
# one task, the VPN in one zone).

locals {
  name = "bulwark-staging"

  tags = {
    Project     = "bulwark"
    Environment = "staging"
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
  single_nat_gateway = true
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
  subnet_ids                  = slice(module.network.private_subnet_ids, 0, 1)
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

  name                       = local.name
  subnet_ids                 = module.network.data_subnet_ids
  database_security_group_id = module.network.database_security_group_id
  redis_security_group_id    = module.network.redis_security_group_id
  kms_key_arn                = module.observability.kms_key_arn
  database_instance_class    = "db.t4g.small"
  backup_retention_days      = 7
  redis_node_type            = "cache.t4g.micro"
  redis_replicas             = 2
  tags                       = local.tags
}

module "service" {
  source = "../../modules/service"

  name                 = local.name
  image                = var.image
  ecr_repository_arn   = var.ecr_repository_arn
  cpu                  = 512
  memory               = 1024
  desired_count        = 1
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
