variable "name" {
  description = "Prefix of every resource name, such as bulwark-production."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3 to 31 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "vpc_id" {
  description = "ID of the VPC administrators reach."
  type        = string
}

variable "vpc_cidr_block" {
  description = "IPv4 range of the VPC: the only network the VPN routes and authorizes."
  type        = string

  validation {
    condition     = can(cidrnetmask(var.vpc_cidr_block))
    error_message = "vpc_cidr_block must be an IPv4 CIDR."
  }
}

variable "subnet_ids" {
  description = "Private subnets the endpoint is associated with, one per availability zone."
  type        = list(string)
}

variable "security_group_id" {
  description = "Security group of the endpoint's network interfaces (network module): it decides what administrators reach."
  type        = string
}

variable "client_cidr_block" {
  description = "IPv4 range handed out to VPN clients; must not overlap the VPC (a /22 or larger)."
  type        = string
  default     = "172.31.252.0/22"

  validation {
    condition     = can(cidrnetmask(var.client_cidr_block)) && tonumber(split("/", var.client_cidr_block)[1]) <= 22
    error_message = "client_cidr_block must be an IPv4 CIDR of /22 or larger."
  }
}

variable "server_certificate_arn" {
  description = "ARN of the ACM certificate the endpoint presents to clients."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:", var.server_certificate_arn))
    error_message = "server_certificate_arn must be the ARN of an ACM certificate."
  }
}

variable "client_root_certificate_arn" {
  description = "ARN of the ACM certificate of the CA that signs the administrators' device certificates (mutual TLS)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:", var.client_root_certificate_arn))
    error_message = "client_root_certificate_arn must be the ARN of an ACM certificate."
  }
}

variable "saml_provider_arn" {
  description = "ARN of the IAM SAML provider of the identity provider that signs administrators in; it supplies the group the authorization rule names."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:saml-provider/", var.saml_provider_arn))
    error_message = "saml_provider_arn must be the ARN of an IAM SAML provider."
  }
}

variable "admin_group_id" {
  description = "Identity provider group whose members may reach the VPC (the SAML group attribute's value)."
  type        = string

  validation {
    condition     = length(trimspace(var.admin_group_id)) > 0
    error_message = "admin_group_id must name a group."
  }
}

variable "session_timeout_hours" {
  description = "Hours after which a VPN session ends and the administrator signs in again."
  type        = number
  default     = 8

  validation {
    condition     = contains([8, 10, 12], var.session_timeout_hours)
    error_message = "session_timeout_hours must be 8, 10 or 12."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts the connection log group."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be the ARN of a KMS key."
  }
}

variable "log_retention_days" {
  description = "Days to keep the connection logs, at least 365."
  type        = number
  default     = 365

  validation {
    condition     = contains([365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch retention of at least 365 days (365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653)."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
