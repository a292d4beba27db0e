variable "name" {
  description = "Prefix of every resource name, such as bulwark-production."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3 to 31 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "subnet_ids" {
  description = "Isolated data subnets, one per availability zone."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "subnet_ids must name at least two subnets (Multi-AZ)."
  }
}

variable "database_security_group_id" {
  description = "Security group of PostgreSQL (network module)."
  type        = string
}

variable "redis_security_group_id" {
  description = "Security group of Redis (network module)."
  type        = string
}

variable "kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts storage, snapshots, secrets and logs."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be the ARN of a KMS key."
  }
}

variable "postgres_version" {
  description = "Major version of PostgreSQL; minor versions are applied automatically."
  type        = string
  default     = "17"

  validation {
    condition     = contains(["16", "17"], var.postgres_version)
    error_message = "postgres_version must be 16 or 17."
  }
}

variable "database_instance_class" {
  description = "Instance class of PostgreSQL, such as db.t4g.medium."
  type        = string
}

variable "database_allocated_storage_gb" {
  description = "Initial storage of PostgreSQL in GiB (gp3)."
  type        = number
  default     = 20
}

variable "database_max_allocated_storage_gb" {
  description = "Ceiling up to which storage grows by itself, in GiB."
  type        = number
  default     = 100
}

variable "database_name" {
  description = "Name of the application database."
  type        = string
  default     = "bulwark"
}

variable "master_username" {
  description = "Master user of PostgreSQL; its password is generated and kept in Secrets Manager by RDS."
  type        = string
  default     = "bulwark_admin"
}

variable "backup_retention_days" {
  description = "Days of automated backups (point-in-time recovery), 7 to 35."
  type        = number
  default     = 14

  validation {
    condition     = var.backup_retention_days >= 7 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be between 7 and 35."
  }
}

variable "redis_node_type" {
  description = "Node type of Redis, such as cache.t4g.small."
  type        = string
}

variable "redis_replicas" {
  description = "Redis nodes (primary included), at least two for automatic failover."
  type        = number
  default     = 2

  validation {
    condition     = var.redis_replicas >= 2 && var.redis_replicas <= 6
    error_message = "redis_replicas must be between 2 and 6."
  }
}

variable "log_retention_days" {
  description = "Days to keep PostgreSQL and Redis logs, at least 365."
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
