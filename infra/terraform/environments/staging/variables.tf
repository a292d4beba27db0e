variable "region" {
  description = "AWS region of the environment."
  type        = string
}

variable "availability_zones" {
  description = "Availability zones of the environment, at least two."
  type        = list(string)
}

variable "vpc_cidr_block" {
  description = "IPv4 range of the VPC."
  type        = string
  default     = "10.20.0.0/16"
}

variable "certificate_arn" {
  description = "ACM certificate of the API's domain, served by the load balancer."
  type        = string
}

variable "image" {
  description = "API image pinned by digest (<account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<digest>)."
  type        = string
}

variable "ecr_repository_arn" {
  description = "ARN of the ECR repository of the image."
  type        = string
}

variable "public_app_url" {
  description = "PUBLIC_APP_URL of the API."
  type        = string
}

variable "cors_origins" {
  description = "CORS_ORIGINS of the API, comma-separated."
  type        = string
  default     = ""
}

variable "mail_from" {
  description = "MAIL_FROM of the API."
  type        = string
}

variable "key_ids" {
  description = "Active key ids of the API's key rings and signing keys."
  type = object({
    field_encryption = string
    blind_index      = string
    audit_chain      = string
    jwt              = string
  })
}

variable "vpn_server_certificate_arn" {
  description = "ACM certificate the Client VPN endpoint presents."
  type        = string
}

variable "vpn_client_root_certificate_arn" {
  description = "ACM certificate of the CA that signs administrators' device certificates."
  type        = string
}

variable "vpn_saml_provider_arn" {
  description = "IAM SAML provider administrators sign in with."
  type        = string
}

variable "vpn_admin_group_id" {
  description = "Identity provider group allowed on the VPN."
  type        = string
}

variable "alarm_emails" {
  description = "Addresses that receive the alarms."
  type        = list(string)
  default     = []
}
