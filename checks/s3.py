"""S3 bucket checks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from checks.kms import key_manager
from checks.s3_policy import judge_athena_buckets
from scanner.checkapi import Per, Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

ENCRYPTING_ALGORITHMS = frozenset({"AES256", "aws:kms", "aws:kms:dsse"})
KMS_ALGORITHMS = frozenset({"aws:kms", "aws:kms:dsse"})


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


@check(
    id="s3.bucket.versioning",
    title="S3 buckets keep object versions",
    for_each="s3.buckets",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="With versioning an overwritten or deleted object (by mistake, a bad job or ransomware) can be "
    "recovered; it is also the prerequisite for Object Lock and replication.",
    remediation="aws s3api put-bucket-versioning --bucket BUCKET --versioning-configuration Status=Enabled "
    "(with a lifecycle rule that expires noncurrent versions after the retention period).",
)
def bucket_versioning(bucket: Item, scope: Scope) -> Result:
    """PASS when the bucket's versioning status is Enabled (never enabled, or Suspended, is a FAIL)."""
    status = (bucket["Versioning"] or {}).get("Status")
    mfa_delete = (bucket["Versioning"] or {}).get("MFADelete") == "Enabled"
    if status == "Enabled":
        return scope.passed(bucket, "versioning is enabled" + (" with MFA delete" if mfa_delete else ""))
    return scope.failed(bucket, f"versioning is {str(status).lower() if status else 'not enabled'}")


@check(
    id="s3.bucket.access-logging",
    title="S3 buckets log requests with server access logging",
    for_each="s3.buckets",
    uses=(),
    severity=Severity.LOW,
    rationale="Server access logs record every request to the bucket, including reads that CloudTrail "
    "records only when data events are on; investigators need them to tell who read the data.",
    remediation="aws s3api put-bucket-logging --bucket BUCKET --bucket-logging-status "
    '\'{"LoggingEnabled": {"TargetBucket": "LOG-BUCKET", "TargetPrefix": "BUCKET/"}}\'',
)
def bucket_access_logging(bucket: Item, scope: Scope) -> Result:
    """PASS when the bucket has server access logging enabled (a target bucket is set)."""
    logging = bucket["Logging"] or {}
    target = logging.get("TargetBucket")
    if target:
        return scope.passed(bucket, f"access logs go to s3://{target}/{logging.get('TargetPrefix') or ''}")
    return scope.failed(bucket, "server access logging is off")


@check(
    id="s3.bucket.kms-athena",
    title="Athena data and results buckets use SSE-KMS with a customer managed key",
    uses=("s3.buckets", "glue.tables", "athena.workgroups", "kms.keys"),
    per=Per.ACCOUNT,
    severity=Severity.HIGH,
    rationale="For regulated data queried with Athena, a customer managed key puts every read of the data "
    "and its query results under a key policy the organization controls and CloudTrail records; SSE-S3 and "
    "the AWS managed aws/s3 key give no such control.",
    remediation="aws s3api put-bucket-encryption --bucket BUCKET --server-side-encryption-configuration "
    '\'{"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", '
    '"KMSMasterKeyID": "KEY-ARN"}, "BucketKeyEnabled": true}]}\'',
)
def bucket_kms_athena(scope: Scope) -> Iterator[Result]:
    """For each bucket that a Glue table location or an Athena workgroup's result location in this account
    names (in this account, or in another scanned account that owns it, judged with that account's keys):
    PASS when its default encryption is SSE-KMS (or DSSE-KMS) with a key that resolves to a customer managed
    KMS key. SSE-S3, no key (the AWS managed aws/s3 key) or no default encryption is a FAIL; a key that
    cannot be resolved, or a bucket no scanned account lists, is an ERROR; no such bucket at all is not
    applicable."""
    yield from judge_athena_buckets(scope, _judge_athena_bucket_key)


def kms_default_encryption(bucket: Item) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The bucket's default encryption rules (ApplyServerSideEncryptionByDefault), and those among them that
    use SSE-KMS or DSSE-KMS."""
    defaults = [rule.get("ApplyServerSideEncryptionByDefault") or {} for rule in bucket["Encryption"] or []]
    return defaults, [d for d in defaults if d.get("SSEAlgorithm") in KMS_ALGORITHMS]


def _judge_athena_bucket_key(scope: Scope, bucket: Item, why: str) -> Result:
    defaults, kms = kms_default_encryption(bucket)
    if not kms:
        found = ", ".join(str(d.get("SSEAlgorithm")) for d in defaults) or "no default encryption"
        return scope.failed(bucket, f"{found}, not SSE-KMS (Athena bucket: {why})")
    reference = kms[0].get("KMSMasterKeyID")
    algorithm = kms[0]["SSEAlgorithm"]
    if not reference:
        return scope.failed(bucket, f"{algorithm} with the AWS managed key aws/s3 (Athena bucket: {why})")
    verdict = key_manager(str(reference), scope)
    evidence = verdict.key.evidence if verdict.key else ()
    message = f"{algorithm} with {verdict.description} (Athena bucket: {why})"
    if verdict.manager == "CUSTOMER":
        return scope.passed(bucket, message, evidence=evidence)
    if verdict.manager == "AWS":
        return scope.failed(bucket, message, evidence=evidence)
    return scope.on_item(bucket, Status.ERROR, f"not evaluated: {message}", evidence=evidence)
