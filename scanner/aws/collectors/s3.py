"""S3: buckets with their encryption, policy, public access block, versioning, logging, tags, Object
Ownership, Object Lock, lifecycle and replication rules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def bucket_region(api: Api, bucket: str) -> str:
    # GetBucketLocation returns no constraint for us-east-1 and the legacy "EU" for eu-west-1.
    # https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html
    constraint = api.call("get_bucket_location", Bucket=bucket).get("LocationConstraint")
    if not constraint:
        return "us-east-1"
    return "eu-west-1" if constraint == "EU" else str(constraint)


def encryption_rules(api: Api, bucket: str) -> list[dict[str, Any]] | None:
    """The default-encryption rules, or None when the bucket has none (an error code that is data)."""
    response = api.optional(
        "get_bucket_encryption", absent=("ServerSideEncryptionConfigurationNotFoundError",), Bucket=bucket
    )
    if response is None:
        return None
    rules: list[dict[str, Any]] = response["ServerSideEncryptionConfiguration"]["Rules"]
    return rules


def bucket_policy(api: Api, bucket: str) -> str | None:
    response = api.optional("get_bucket_policy", absent=("NoSuchBucketPolicy",), Bucket=bucket)
    return None if response is None else str(response["Policy"])


def public_access_block(api: Api, bucket: str) -> dict[str, Any] | None:
    response = api.optional(
        "get_public_access_block", absent=("NoSuchPublicAccessBlockConfiguration",), Bucket=bucket
    )
    return None if response is None else dict(response["PublicAccessBlockConfiguration"])


def acl(api: Api, bucket: str) -> dict[str, Any]:
    response = api.call("get_bucket_acl", Bucket=bucket)
    return {"Owner": response.get("Owner", {}), "Grants": response.get("Grants", [])}


def versioning(api: Api, bucket: str) -> dict[str, Any]:
    response = api.call("get_bucket_versioning", Bucket=bucket)
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def access_logging(api: Api, bucket: str) -> dict[str, Any] | None:
    logging: dict[str, Any] | None = api.call("get_bucket_logging", Bucket=bucket).get("LoggingEnabled")
    return logging


def tags(api: Api, bucket: str) -> dict[str, str]:
    response = api.optional("get_bucket_tagging", absent=("NoSuchTagSet",), Bucket=bucket)
    return {t["Key"]: t["Value"] for t in (response or {}).get("TagSet", [])}


def ownership_controls(api: Api, bucket: str) -> list[dict[str, Any]] | None:
    """The Object Ownership rules, or None when the bucket has no ownership controls (an error code that is
    data: the bucket then honours ACLs)."""
    response = api.optional(
        "get_bucket_ownership_controls", absent=("OwnershipControlsNotFoundError",), Bucket=bucket
    )
    if response is None:
        return None
    rules: list[dict[str, Any]] = response["OwnershipControls"]["Rules"]
    return rules


def object_lock(api: Api, bucket: str) -> dict[str, Any] | None:
    """The Object Lock configuration, or None when the bucket has none (an error code that is data)."""
    response = api.optional(
        "get_object_lock_configuration", absent=("ObjectLockConfigurationNotFoundError",), Bucket=bucket
    )
    return None if response is None else dict(response["ObjectLockConfiguration"])


def lifecycle_rules(api: Api, bucket: str) -> list[dict[str, Any]] | None:
    """The lifecycle rules, or None when the bucket has no lifecycle configuration (an error code that is
    data)."""
    response = api.optional(
        "get_bucket_lifecycle_configuration", absent=("NoSuchLifecycleConfiguration",), Bucket=bucket
    )
    return None if response is None else list(response["Rules"])


def replication(api: Api, bucket: str) -> dict[str, Any] | None:
    """The replication configuration (role and rules), or None when the bucket has none (an error code that
    is data)."""
    response = api.optional(
        "get_bucket_replication", absent=("ReplicationConfigurationNotFoundError",), Bucket=bucket
    )
    return None if response is None else dict(response["ReplicationConfiguration"])


ASPECTS = (
    ("Encryption", encryption_rules),
    ("Policy", bucket_policy),
    ("PublicAccessBlock", public_access_block),
    ("Acl", acl),
    ("Versioning", versioning),
    ("Logging", access_logging),
    ("Tags", tags),
    ("OwnershipControls", ownership_controls),
    ("ObjectLock", object_lock),
    ("Lifecycle", lifecycle_rules),
    ("Replication", replication),
)


def collect_buckets(api: Api) -> Iterator[Item]:
    for bucket in api.call("list_buckets").get("Buckets", []):
        name = bucket["Name"]
        builder = api.resource(
            f"arn:{api.partition}:s3:::{name}", name, {"CreationDate": bucket.get("CreationDate")}
        )
        builder.aspect("Location", bucket_region, api, name)
        if "Location" in builder.data:
            builder.region = builder.data["Location"]
        for aspect, fetch in ASPECTS:
            builder.aspect(aspect, fetch, api, name)
        yield builder.build()


DATASETS = (
    Dataset(
        name="s3.buckets",
        service="s3",
        reach=Reach.GLOBAL,
        description="Every bucket with its default encryption, policy, Block Public Access, ACL, versioning, "
        "access logging, tags, Object Ownership, Object Lock, lifecycle and replication rules.",
        calls={
            "ListBuckets": "s3:ListAllMyBuckets",
            "GetBucketLocation": "s3:GetBucketLocation",
            "GetBucketEncryption": "s3:GetEncryptionConfiguration",
            "GetBucketPolicy": "s3:GetBucketPolicy",
            "GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock",
            "GetBucketAcl": "s3:GetBucketAcl",
            "GetBucketVersioning": "s3:GetBucketVersioning",
            "GetBucketLogging": "s3:GetBucketLogging",
            "GetBucketTagging": "s3:GetBucketTagging",
            "GetBucketOwnershipControls": "s3:GetBucketOwnershipControls",
            "GetObjectLockConfiguration": "s3:GetBucketObjectLockConfiguration",
            "GetBucketLifecycleConfiguration": "s3:GetLifecycleConfiguration",
            "GetBucketReplication": "s3:GetReplicationConfiguration",
        },
        collect=collect_buckets,
    ),
)
