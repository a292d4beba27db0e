variable "name" {
  description = "Prefix of every resource name, such as bulwark-production."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3 to 31 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "image" {
  description = "API image in ECR, pinned by digest: <account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<digest>."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com/[a-z0-9._/-]+@sha256:[a-f0-9]{64}$", var.image))
    error_message = "image must be an ECR image pinned by digest (…@sha256:<64 hex digits>), never a tag."
  }
}

variable "ecr_repository_arn" {
  description = "ARN of the ECR repository of the image: the only one the tasks may pull from."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:ecr:[a-z0-9-]+:[0-9]{12}:repository/", var.ecr_repository_arn))
    error_message = "ecr_repository_arn must be the ARN of an ECR repository."
  }
}

variable "cpu" {
  description = "CPU units of one task (1024 = one vCPU)."
  type        = number
  default     = 512
}

variable "memory" {
  description = "Memory of one task in MiB."
  type        = number
  default     = 1024
}

variable "cpu_architecture" {
  description = "CPU architecture the image is built for: ARM64 (Graviton, cheaper) or X86_64."
  type        = string
  default     = "ARM64"

  validation {
    condition     = contains(["ARM64", "X86_64"], var.cpu_architecture)
    error_message = "cpu_architecture must be ARM64 or X86_64."
  }
}

variable "desired_count" {
  description = "Number of API tasks, spread over the private subnets."
  type        = number
  default     = 2

  validation {
    condition     = var.desired_count >= 1
    error_message = "desired_count must be at least 1."
  }
}

variable "app_port" {
  description = "TCP port the API container listens on."
  type        = number
  default     = 3000
}

variable "private_subnet_ids" {
  description = "Private subnets the tasks run in."
  type        = list(string)
}

variable "security_group_id" {
  description = "Security group of the tasks (network module)."
  type        = string
}

variable "target_group_arn" {
  description = "Target group of the load balancer the tasks register in (edge module)."
  type        = string
}

variable "trusted_proxy_cidrs" {
  description = "Ranges the load balancer sends from (the public subnets): TRUSTED_PROXIES, so that the API believes X-Forwarded-For from them only."
  type        = list(string)

  validation {
    condition     = length(var.trusted_proxy_cidrs) > 0 && alltrue([for cidr in var.trusted_proxy_cidrs : can(cidrnetmask(cidr)) && cidr != "0.0.0.0/0"])
    error_message = "trusted_proxy_cidrs must list IPv4 CIDRs, never 0.0.0.0/0."
  }
}

variable "public_app_url" {
  description = "PUBLIC_APP_URL: the client application that account e-mails link to."
  type        = string
}

variable "cors_origins" {
  description = "CORS_ORIGINS: origins allowed to call the API from a browser, comma-separated (empty: none)."
  type        = string
  default     = ""
}

variable "mail_from" {
  description = "MAIL_FROM: sender of account e-mails, such as \"Bulwark <no-reply@example.com>\"."
  type        = string
}

variable "key_ids" {
  description = "Active key ids: FIELD_ENCRYPTION_ACTIVE_KEY_ID, BLIND_INDEX_ACTIVE_KEY_ID, AUDIT_CHAIN_ACTIVE_KEY_ID and JWT_ACTIVE_KEY_ID (the keys themselves are secrets)."
  type = object({
    field_encryption = string
    blind_index      = string
    audit_chain      = string
    jwt              = string
  })
}

variable "redis_url_secret_arn" {
  description = "ARN of the Secrets Manager secret holding REDIS_URL (data module)."
  type        = string
}

variable "redis_ca_file" {
  description = "REDIS_CA_FILE: path in the image of the CA bundle that verifies the Redis certificate (ElastiCache certificates chain to Amazon's public roots)."
  type        = string
  default     = "/etc/ssl/certs/ca-certificates.crt"
}

variable "kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts the secrets, the log groups and ECS Exec sessions."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be the ARN of a KMS key."
  }
}

variable "log_retention_days" {
  description = "Days to keep the API, migration and ECS Exec logs, at least 365."
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
