"""Demo: tier-1 data buckets (controlmap:criticality=tier-1) and their recovery away from the region.
tenant-a's data bucket replicates every object to a versioned, encrypted, TLS-only bucket in eu-west-2;
tenant-b's, also tier-1, stays in one region."""

from __future__ import annotations

from typing import Any

from demo.seeds._lib.buckets import data_bucket, encrypt_bucket, tls_only_policy
from demo.seeds._lib.tags import TIER_ONE
from demo.world import DEMO_REGIONS, DemoWorld

AFTER = ("s3",)  # designates the data buckets, adding to their tags

DR_REGION = DEMO_REGIONS[1]


def seed(world: DemoWorld) -> None:
    for tenant in ("tenant-a", "tenant-b"):
        s3 = world.sessions[tenant].client("s3")
        data = data_bucket(world, tenant)
        _designate_bucket(s3, data)
        if tenant == "tenant-a":
            _replicate(world, tenant, s3, data)


def _designate_bucket(s3: Any, bucket: str) -> None:
    """Add the tier-1 tag to the bucket's existing tags (PutBucketTagging replaces the whole set)."""
    existing = s3.get_bucket_tagging(Bucket=bucket)["TagSet"]
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [*existing, TIER_ONE]})


def _replicate(world: DemoWorld, tenant: str, s3: Any, data: str) -> None:
    account = world.org.account_id(tenant)
    replica = f"{tenant}-data-dr-{account}"
    world.sessions[tenant].client("s3", region_name=DR_REGION).create_bucket(
        Bucket=replica, CreateBucketConfiguration={"LocationConstraint": DR_REGION}
    )
    encrypt_bucket(s3, replica, "aws:kms")
    s3.put_bucket_policy(Bucket=replica, Policy=tls_only_policy(replica))
    for bucket in (data, replica):
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_replication(
        Bucket=data,
        ReplicationConfiguration={
            "Role": f"arn:aws:iam::{account}:role/s3-replication",
            "Rules": [
                {
                    "ID": "all-objects-to-dr",
                    "Status": "Enabled",
                    "Priority": 1,
                    "Filter": {},
                    "DeleteMarkerReplication": {"Status": "Enabled"},
                    "Destination": {"Bucket": f"arn:aws:s3:::{replica}"},
                }
            ],
        },
    )
