"""S3 buckets: the names of the `s3` seed's buckets, which other seeds use or point at, and the settings the
seeds apply to the buckets they create."""

from __future__ import annotations

import json
from typing import Any

from demo.world import DemoWorld
from scanner.policy.recommended import deny_insecure_transport

BLOCK_PUBLIC_ACCESS = dict.fromkeys(
    ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"), True
)


def tls_only_policy(bucket: str) -> str:
    """A bucket policy that denies every request not made over TLS."""
    arn = f"arn:aws:s3:::{bucket}"
    return json.dumps({"Version": "2012-10-17", "Statement": [deny_insecure_transport(arn, f"{arn}/*")]})


def encrypt_bucket(s3: Any, bucket: str, algorithm: str) -> None:
    """Default encryption with `algorithm` (`aws:kms` with an S3 Bucket Key, on the AWS managed key)."""
    rule: dict[str, Any] = {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": algorithm}}
    if algorithm == "aws:kms":
        rule["BucketKeyEnabled"] = True
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [rule]})


def data_bucket(world: DemoWorld, account_name: str) -> str:
    """The account's data bucket (Athena's source data in the workload accounts)."""
    return f"{account_name}-data-{world.org.account_id(account_name)}"


def legacy_bucket(world: DemoWorld, account_name: str) -> str:
    """A workload account's legacy export bucket."""
    return f"{account_name}-legacy-exports-{world.org.account_id(account_name)}"
