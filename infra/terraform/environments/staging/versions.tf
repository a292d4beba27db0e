terraform {
  required_version = ">= 1.11.0, < 2.0.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.0.0, < 7.0.0"
    }
    random = {
      source  = "hashicorp/random"
      version = ">= 3.7.0, < 4.0.0"
    }
  }

  # bucket, region and kms_key_id come from backend.hcl (see backend.hcl.example).
  backend "s3" {
    key          = "bulwark/staging/terraform.tfstate"
    encrypt      = true
    use_lockfile = true
  }
}
