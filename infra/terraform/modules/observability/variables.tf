variable "name" {
  description = "Prefix of every resource name, such as bulwark-production."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3 to 31 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "api_log_group_name" {
  description = "CloudWatch log group of the API's stdout (service module): the security metric filters read it."
  type        = string
}

variable "alb_arn_suffix" {
  description = "ARN suffix of the load balancer (edge module), for the 5xx alarm."
  type        = string
}

variable "alarm_emails" {
  description = "Addresses subscribed to the alarm topic (each must confirm the subscription)."
  type        = list(string)
  default     = []
}

variable "enable_guardduty" {
  description = "Create the account's GuardDuty detector here; false when another stack or the organization already owns it."
  type        = bool
  default     = true
}

variable "enable_security_hub" {
  description = "Enable Security Hub here; false when another stack or the organization already owns it (the standard is subscribed either way)."
  type        = bool
  default     = true
}

variable "login_failure_threshold" {
  description = "Failed logins in 5 minutes that raise the authn_login_fail alarm."
  type        = number
  default     = 50
}

variable "server_error_threshold" {
  description = "5xx answers (load balancer and targets) in 5 minutes that raise the 5xx alarm."
  type        = number
  default     = 20
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
