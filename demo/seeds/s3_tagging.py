"""Demo: classification tags on the data buckets, the ones Macie's scans and routing read: tenant-b's
RequireMacieScan is not a boolean and shared-services names no BucketOwner; the legacy and other buckets are
untagged."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from demo.seeds._lib.buckets import data_bucket
from demo.seeds._lib.tags import OWNERS
from demo.world import DemoWorld

AFTER = ("s3",)  # tags the data buckets, keeping the tags they have


def seed(world: DemoWorld) -> None:
    for name, session in world.sessions.items():
        scan = "yes" if name == "tenant-b" else "True"
        tags = {"RequireMacieScan": scan} | ({"BucketOwner": OWNERS[name]} if OWNERS[name] else {})
        _add_bucket_tags(session.client("s3"), data_bucket(world, name), tags)


def _add_bucket_tags(s3: Any, bucket: str, tags: dict[str, str]) -> None:
    """PutBucketTagging replaces the whole tag set, so keep what other seeds already put there."""
    try:
        current = {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=bucket)["TagSet"]}
    except ClientError:  # NoSuchTagSet
        current = {}
    merged = current | tags
    s3.put_bucket_tagging(
        Bucket=bucket, Tagging={"TagSet": [{"Key": k, "Value": v} for k, v in merged.items()]}
    )
