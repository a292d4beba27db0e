output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "service_name" {
  description = "Name of the API service."
  value       = aws_ecs_service.api.name
}

output "migrate_task_definition_arn" {
  description = "ARN of the one-off db:migrate task definition."
  value       = aws_ecs_task_definition.migrate.arn
}

output "api_log_group_name" {
  description = "CloudWatch log group of the API's stdout (security events included)."
  value       = aws_cloudwatch_log_group.api.name
}

output "secret_arns" {
  description = "ARNs of the secrets operators fill in, by environment variable name."
  value       = { for name, secret in aws_secretsmanager_secret.app : name => secret.arn }
}

output "task_role_arn" {
  description = "ARN of the API's task role."
  value       = aws_iam_role.task.arn
}
