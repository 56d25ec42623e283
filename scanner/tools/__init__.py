"""Generators kept beside the code: IAM policy, CloudFormation deployment, and the docs."""
