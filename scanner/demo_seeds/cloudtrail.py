"""Demo: the organization trail in the management account."""

from __future__ import annotations

from scanner.demo import DemoWorld
from scanner.demo_seeds.s3 import encrypt_bucket, tls_only_policy


def seed(world: DemoWorld) -> None:
    session = world.sessions["management"]
    account_id = world.org.management_account_id
    s3 = session.client("s3")
    bucket = f"org-cloudtrail-{account_id}"
    s3.create_bucket(Bucket=bucket)
    encrypt_bucket(s3, bucket, "aws:kms")
    s3.put_bucket_policy(Bucket=bucket, Policy=tls_only_policy(bucket))
    trail = session.client("cloudtrail")
    trail.create_trail(
        Name="organization-trail",
        S3BucketName=bucket,
        IsMultiRegionTrail=True,
        IsOrganizationTrail=True,
        EnableLogFileValidation=True,
    )
    # AWS gives a new trail an all-management-events selector; moto leaves it empty, so set it as IaC would.
    trail.put_event_selectors(
        TrailName="organization-trail",
        EventSelectors=[{"ReadWriteType": "All", "IncludeManagementEvents": True}],
    )
    trail.start_logging(Name="organization-trail")
