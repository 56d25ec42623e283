"""Demo: lifecycle rules on the log-archive account's central buckets. The organization trail's bucket moves
logs to Glacier after 90 days and expires them after seven years; the central Config bucket has a
cost-saving rule that expires everything after 180 days, before the 365-day retention."""

from __future__ import annotations

from demo.seeds.cloudtrail import trail_bucket
from demo.seeds.config import central_bucket
from demo.world import DemoWorld

AFTER = ("cloudtrail", "config")  # their buckets in the log archive


def seed(world: DemoWorld) -> None:
    s3 = world.sessions["log-archive"].client("s3")
    s3.put_bucket_lifecycle_configuration(
        Bucket=trail_bucket(world),
        LifecycleConfiguration={
            "Rules": [
                {
                    "ID": "archive-then-expire-after-seven-years",
                    "Status": "Enabled",
                    "Filter": {"Prefix": "AWSLogs/"},
                    "Transitions": [{"Days": 90, "StorageClass": "GLACIER"}],
                    "Expiration": {"Days": 2555},
                }
            ]
        },
    )
    s3.put_bucket_lifecycle_configuration(
        Bucket=central_bucket(world),
        LifecycleConfiguration={
            "Rules": [
                {
                    "ID": "reduce-storage-cost",
                    "Status": "Enabled",
                    "Filter": {"Prefix": ""},
                    "Expiration": {"Days": 180},
                }
            ]
        },
    )
