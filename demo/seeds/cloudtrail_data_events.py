"""Demo: the organization trail records S3 object data events for the tenants' data buckets, but not for
tenant-b's separate results bucket nor the ad-hoc legacy-export buckets (which fail the data-events check).

Runs after `cloudtrail` (modules are seeded by name) and replaces its basic selector with advanced selectors,
keeping all management events, as an IaC stack that adds data events would."""

from __future__ import annotations

from demo.seeds.cloudtrail import TRAIL
from demo.world import DemoWorld

LOGGED_TENANTS = ("tenant-a", "tenant-b", "shared-services")


def seed(world: DemoWorld) -> None:
    data_buckets = [f"arn:aws:s3:::{name}-data-{world.org.account_id(name)}/" for name in LOGGED_TENANTS]
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
