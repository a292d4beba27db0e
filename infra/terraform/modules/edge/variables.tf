variable "name" {
  description = "Prefix of every resource name, such as bulwark-production."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3 to 31 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "vpc_id" {
  description = "ID of the VPC the target group lives in."
  type        = string
}

variable "public_subnet_ids" {
  description = "Public subnets of the load balancer, one per availability zone."
  type        = list(string)
}

variable "security_group_id" {
  description = "Security group of the load balancer (network module)."
  type        = string
}

variable "certificate_arn" {
  description = "ARN of the ACM certificate served on HTTPS."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:", var.certificate_arn))
    error_message = "certificate_arn must be the ARN of an ACM certificate."
  }
}

variable "app_port" {
  description = "TCP port the API container listens on."
  type        = number
  default     = 3000
}

variable "waf_rate_limit" {
  description = "Requests one client address may send in any 5 minutes before WAF blocks it (a coarse flood guard; the API has finer limits)."
  type        = number
  default     = 2000

  validation {
    condition     = var.waf_rate_limit >= 100 && var.waf_rate_limit <= 20000
    error_message = "waf_rate_limit must be between 100 and 20000."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts the WAF log group."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be the ARN of a KMS key."
  }
}

variable "log_retention_days" {
  description = "Days to keep the WAF logs and the load balancer access logs, at least 365."
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
