output "database_address" {
  description = "Host name of PostgreSQL, for DATABASE_URL."
  value       = aws_db_instance.this.address
}

output "database_port" {
  description = "Port of PostgreSQL."
  value       = aws_db_instance.this.port
}

output "database_name" {
  description = "Name of the application database."
  value       = aws_db_instance.this.db_name
}

output "database_resource_id" {
  description = "Resource ID of the instance, for rds-db:connect policies (IAM authentication)."
  value       = aws_db_instance.this.resource_id
}

output "database_identifier" {
  description = "Identifier of the PostgreSQL instance, a dimension of its CloudWatch metrics."
  value       = aws_db_instance.this.identifier
}

output "master_user_secret_arn" {
  description = "ARN of the Secrets Manager secret RDS keeps the master password in."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}

output "redis_primary_endpoint" {
  description = "Host name of the Redis primary."
  value       = aws_elasticache_replication_group.this.primary_endpoint_address
}

output "redis_url_secret_arn" {
  description = "ARN of the Secrets Manager secret holding REDIS_URL."
  value       = aws_secretsmanager_secret.redis_url.arn
}
