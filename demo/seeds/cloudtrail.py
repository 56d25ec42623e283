"""Demo: the organization trail, owned by the management account, delivering into the log-archive account."""

from __future__ import annotations

from demo.seeds.s3 import encrypt_bucket, tls_only_policy
from demo.world import DemoWorld

TRAIL = "organization-trail"


def seed(world: DemoWorld) -> None:
    log_archive = world.sessions["log-archive"].client("s3")
    bucket = f"org-cloudtrail-{world.org.account_id('log-archive')}"
    log_archive.create_bucket(Bucket=bucket)
    encrypt_bucket(log_archive, bucket, "aws:kms")
    log_archive.put_bucket_policy(Bucket=bucket, Policy=tls_only_policy(bucket))

    management = world.sessions["management"]
    key = management.client("kms").create_key(Description="organization trail log files")["KeyMetadata"]
    trail = management.client("cloudtrail")
    trail.create_trail(
        Name=TRAIL,
        S3BucketName=bucket,
        IsMultiRegionTrail=True,
        IsOrganizationTrail=True,
        EnableLogFileValidation=True,
        KmsKeyId=key["Arn"],
    )
    # AWS gives a new trail an all-management-events selector; moto leaves it empty, so set it as IaC would.
    trail.put_event_selectors(
        TrailName=TRAIL, EventSelectors=[{"ReadWriteType": "All", "IncludeManagementEvents": True}]
    )
    trail.start_logging(Name=TRAIL)
