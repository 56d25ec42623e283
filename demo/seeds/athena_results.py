"""Demo: where Athena results go. shared-services keeps a protected central results bucket (SSE-KMS, TLS-only,
Block Public Access, ACLs disabled) in us-east-1. tenant-a's eu-west-2 reporting workgroup writes there,
pinned by owner but out of region, and is tagged for prepared statements, one of which it defines; tenant-b's
partner workgroup writes there in region but without ExpectedBucketOwner."""

from __future__ import annotations

from typing import Any

from demo.seeds._lib.buckets import BLOCK_PUBLIC_ACCESS, encrypt_bucket, tls_only_policy
from demo.seeds._lib.tags import owner_tag
from demo.world import DEMO_REGIONS, HOME, DemoWorld

REMOTE_REGION = DEMO_REGIONS[1]


def seed(world: DemoWorld) -> None:
    central = _central_results_bucket(world)
    owner = world.org.account_id("shared-services")
    tenant_a = world.sessions["tenant-a"].client("athena", region_name=REMOTE_REGION)
    tenant_a.create_work_group(
        Name="reporting-eu",
        Configuration=_workgroup_configuration(f"s3://{central}/tenant-a/", ExpectedBucketOwner=owner),
        Tags=[{"Key": "controlmap:query-mode", "Value": "prepared"}, owner_tag("tenant-a")],
    )
    tenant_a.create_prepared_statement(
        StatementName="monthly_totals",
        WorkGroup="reporting-eu",
        QueryStatement="SELECT month, sum(amount) FROM sales.orders WHERE month = ? GROUP BY month",
    )
    world.sessions["tenant-b"].client("athena", region_name=HOME).create_work_group(
        Name="partners",
        Configuration=_workgroup_configuration(f"s3://{central}/tenant-b/"),
        Tags=[owner_tag("tenant-b")],
    )


def _central_results_bucket(world: DemoWorld) -> str:
    s3 = world.sessions["shared-services"].client("s3", region_name=HOME)
    bucket = f"central-athena-results-{world.org.account_id('shared-services')}"
    s3.create_bucket(Bucket=bucket)
    encrypt_bucket(s3, bucket, "aws:kms")
    s3.put_bucket_policy(Bucket=bucket, Policy=tls_only_policy(bucket))
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=BLOCK_PUBLIC_ACCESS)
    s3.put_bucket_ownership_controls(
        Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    )
    return bucket


def _workgroup_configuration(location: str, **result: Any) -> dict[str, Any]:
    return {
        "ResultConfiguration": {
            "OutputLocation": location,
            "EncryptionConfiguration": {"EncryptionOption": "SSE_KMS", "KmsKey": "alias/athena-results"},
            **result,
        },
        "EnforceWorkGroupConfiguration": True,
        "PublishCloudWatchMetricsEnabled": True,
        "BytesScannedCutoffPerQuery": 10 * 1024**3,
    }
