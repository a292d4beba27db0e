output "kms_key_arn" {
  description = "ARN of the environment's customer managed KMS key."
  value       = aws_kms_key.this.arn
}

output "alarm_topic_arn" {
  description = "ARN of the SNS topic every alarm notifies."
  value       = aws_sns_topic.alarms.arn
}

output "guardduty_detector_id" {
  description = "ID of the GuardDuty detector, when this stack created it."
  value       = one(aws_guardduty_detector.this[*].id)
}
