output "endpoint_id" {
  description = "ID of the Client VPN endpoint (for exporting the client configuration)."
  value       = aws_ec2_client_vpn_endpoint.this.id
}

output "endpoint_dns_name" {
  description = "DNS name clients connect to."
  value       = aws_ec2_client_vpn_endpoint.this.dns_name
}

output "connection_log_group_name" {
  description = "CloudWatch log group of the connection logs."
  value       = aws_cloudwatch_log_group.connections.name
}
