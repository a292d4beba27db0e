output "alb_dns_name" {
  description = "Point the API's domain here (alias record)."
  value       = module.edge.alb_dns_name
}

output "vpn_endpoint_id" {
  description = "Client VPN endpoint: export its client configuration with the AWS CLI."
  value       = module.vpn.endpoint_id
}

output "database_address" {
  description = "Host of PostgreSQL, for the DATABASE_URL secret."
  value       = module.data.database_address
}

output "secret_arns" {
  description = "Secrets to fill in before the first deployment."
  value       = module.service.secret_arns
}

output "migrate_task_definition_arn" {
  description = "Run this task before each release (docs/deployment.md)."
  value       = module.service.migrate_task_definition_arn
}
