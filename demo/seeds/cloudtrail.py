"""Demo: the organization trail, owned by the management account, delivering into the log-archive account
under a KMS key. It records every management event and the S3 object data events of the tenants' data
buckets, but not of tenant-b's separate results bucket nor the ad-hoc legacy-export buckets (which fail the
data-events check). The `s3` seed creates the data buckets, named here."""

from __future__ import annotations

from demo.seeds._lib.buckets import data_bucket, encrypt_bucket, tls_only_policy
from demo.world import DemoWorld

TRAIL = "organization-trail"
LOGGED_TENANTS = ("tenant-a", "tenant-b", "shared-services")


def trail_bucket(world: DemoWorld) -> str:
    """The log-archive account's bucket the organization trail delivers to."""
    return f"org-cloudtrail-{world.org.account_id('log-archive')}"


def seed(world: DemoWorld) -> None:
    _organization_trail(world)
    _log_data_events(world)


def _organization_trail(world: DemoWorld) -> None:
    log_archive = world.sessions["log-archive"].client("s3")
    bucket = trail_bucket(world)
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


def _log_data_events(world: DemoWorld) -> None:
    """Replace the basic selector with advanced selectors, keeping all management events, as an IaC stack that
    adds data events would."""
    data_buckets = [f"arn:aws:s3:::{data_bucket(world, name)}/" for name in LOGGED_TENANTS]
    world.sessions["management"].client("cloudtrail").put_event_selectors(
        TrailName=TRAIL,
        AdvancedEventSelectors=[
            {
                "Name": "All management events",
                "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}],
            },
            {
                "Name": "Athena data bucket objects, reads and writes",
                "FieldSelectors": [
                    {"Field": "eventCategory", "Equals": ["Data"]},
                    {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
                    {"Field": "resources.ARN", "StartsWith": data_buckets},
                ],
            },
        ],
    )
