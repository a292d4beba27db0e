resource "aws_cloudwatch_log_group" "connections" {
  name              = "/aws/client-vpn/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_cloudwatch_log_stream" "connections" {
  name           = "connections"
  log_group_name = aws_cloudwatch_log_group.connections.name
}

# A device certificate (mutual TLS) and a signed-in member of the admin group, both required.
resource "aws_ec2_client_vpn_endpoint" "this" {
  description            = "${var.name} administrators"
  vpc_id                 = var.vpc_id
  security_group_ids     = [var.security_group_id]
  server_certificate_arn = var.server_certificate_arn
  client_cidr_block      = var.client_cidr_block
  split_tunnel           = true
  transport_protocol     = "udp"
  session_timeout_hours  = var.session_timeout_hours
  self_service_portal    = "disabled"
  dns_servers            = [cidrhost(var.vpc_cidr_block, 2)]

  authentication_options {
    type                       = "certificate-authentication"
    root_certificate_chain_arn = var.client_root_certificate_arn
  }

  authentication_options {
    type              = "federated-authentication"
    saml_provider_arn = var.saml_provider_arn
  }

  connection_log_options {
    enabled               = true
    cloudwatch_log_group  = aws_cloudwatch_log_group.connections.name
    cloudwatch_log_stream = aws_cloudwatch_log_stream.connections.name
  }

  client_login_banner_options {
    enabled     = true
    banner_text = "Authorized administrators of ${var.name} only. Connections are logged."
  }

  tags = merge(var.tags, { Name = "${var.name}-admin-vpn" })
}

resource "aws_ec2_client_vpn_network_association" "this" {
  count = length(var.subnet_ids)

  client_vpn_endpoint_id = aws_ec2_client_vpn_endpoint.this.id
  subnet_id              = var.subnet_ids[count.index]
}

resource "aws_ec2_client_vpn_authorization_rule" "admins_to_vpc" {
  client_vpn_endpoint_id = aws_ec2_client_vpn_endpoint.this.id
  target_network_cidr    = var.vpc_cidr_block
  access_group_id        = var.admin_group_id
  description            = "Members of the admin group reach the VPC; the security group narrows it to PostgreSQL"
}
