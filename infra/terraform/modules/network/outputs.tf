output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr_block" {
  description = "IPv4 range of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "public_subnet_ids" {
  description = "IDs of the public subnets (load balancer, NAT gateways)."
  value       = aws_subnet.public[*].id
}

output "public_subnet_cidr_blocks" {
  description = "IPv4 ranges of the public subnets: the only addresses the load balancer sends from."
  value       = aws_subnet.public[*].cidr_block
}

output "private_subnet_ids" {
  description = "IDs of the private subnets (API tasks, interface endpoints, VPN associations)."
  value       = aws_subnet.private[*].id
}

output "data_subnet_ids" {
  description = "IDs of the isolated data subnets (PostgreSQL, Redis)."
  value       = aws_subnet.data[*].id
}

output "alb_security_group_id" {
  description = "Security group of the load balancer."
  value       = aws_security_group.alb.id
}

output "app_security_group_id" {
  description = "Security group of the API tasks."
  value       = aws_security_group.app.id
}

output "database_security_group_id" {
  description = "Security group of PostgreSQL."
  value       = aws_security_group.database.id
}

output "redis_security_group_id" {
  description = "Security group of Redis."
  value       = aws_security_group.redis.id
}

output "vpn_security_group_id" {
  description = "Security group of the Client VPN endpoint."
  value       = aws_security_group.vpn.id
}

output "flow_log_group_name" {
  description = "CloudWatch log group of the VPC flow logs."
  value       = aws_cloudwatch_log_group.flow_logs.name
}
