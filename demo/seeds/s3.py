"""Demo: encrypted TLS-only data buckets everywhere; legacy unencrypted buckets in workload accounts."""

from __future__ import annotations

import json
from typing import Any

from demo.world import HOME, DemoWorld
from scanner.aws.sessions import endpoint_safe_client
from scanner.policy.recommended import deny_insecure_transport

WORKLOADS = ("tenant-a", "tenant-b", "shared-services")


def tls_only_policy(bucket: str) -> str:
    arn = f"arn:aws:s3:::{bucket}"
    return json.dumps({"Version": "2012-10-17", "Statement": [deny_insecure_transport(arn, f"{arn}/*")]})


def encrypt_bucket(s3: Any, bucket: str, algorithm: str) -> None:
    rule: dict[str, Any] = {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": algorithm}}
    if algorithm == "aws:kms":
        rule["BucketKeyEnabled"] = True
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [rule]})


BPA_ON = {
    k: True for k in ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
}


def seed(world: DemoWorld) -> None:
    for name, session in world.sessions.items():
        if name != "tenant-b":  # tenant-b never turned on account-level Block Public Access
            endpoint_safe_client(session, "s3control", HOME).put_public_access_block(
                AccountId=world.org.account_id(name), PublicAccessBlockConfiguration=BPA_ON
            )
        s3 = session.client("s3")
        account_id = world.org.account_id(name)
        good = f"{name}-data-{account_id}"
        s3.create_bucket(Bucket=good)
        encrypt_bucket(s3, good, "aws:kms")
        s3.put_bucket_policy(Bucket=good, Policy=tls_only_policy(good))
        s3.put_bucket_tagging(
            Bucket=good, Tagging={"TagSet": [{"Key": "data-classification", "Value": "confidential"}]}
        )
        if name in WORKLOADS:
            # Workload accounts keep a legacy bucket with neither default encryption nor a TLS-only policy.
            s3.create_bucket(Bucket=f"{name}-legacy-exports-{account_id}")
        if name == "tenant-b":
            results = f"{name}-athena-results-{account_id}"
            s3.create_bucket(Bucket=results)
            encrypt_bucket(s3, results, "AES256")
