"""S3 bucket checks."""

from __future__ import annotations

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity

ENCRYPTING_ALGORITHMS = frozenset({"AES256", "aws:kms", "aws:kms:dsse"})


@check(
    id="s3.bucket.default-encryption",
    title="S3 buckets encrypt new objects by default",
    for_each="s3.buckets",
    uses=(),
    severity=Severity.HIGH,
    rationale="Default encryption guarantees data at rest is encrypted even when a writer forgets to ask.",
    remediation="Set a default encryption rule on the bucket (SSE-KMS with a customer managed key for "
    "regulated data): `aws s3api put-bucket-encryption`.",
)
def bucket_default_encryption(bucket: Item, scope: Scope) -> Result:
    """PASS when the bucket has a default encryption rule using SSE-S3, SSE-KMS or DSSE-KMS."""
    rules = bucket["Encryption"] or []
    for rule in rules:
        default = rule.get("ApplyServerSideEncryptionByDefault") or {}
        algorithm = default.get("SSEAlgorithm")
        if algorithm in ENCRYPTING_ALGORITHMS:
            key = default.get("KMSMasterKeyID")
            suffix = f" with key {key}" if key else ""
            return scope.passed(bucket, f"default encryption {algorithm}{suffix}")
    return scope.failed(bucket, "no default encryption rule is configured")
