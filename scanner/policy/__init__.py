"""The IAM policy engine: parse documents, decide requests with a trace, and prove properties of policies
over whole families of requests (every S3 action, every object, every caller outside the organization)."""

from scanner.policy.document import Policy, PolicyError, Principals, Statement, parse_policy
from scanner.policy.engine import (
    ANONYMOUS,
    Decision,
    Evaluation,
    Match,
    Principal,
    Request,
    aws_principal,
    evaluate,
    statement_matches,
)

__all__ = [
    "ANONYMOUS",
    "Decision",
    "Evaluation",
    "Match",
    "Policy",
    "PolicyError",
    "Principal",
    "Principals",
    "Request",
    "Statement",
    "aws_principal",
    "evaluate",
    "parse_policy",
    "statement_matches",
]
