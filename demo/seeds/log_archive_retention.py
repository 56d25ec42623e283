"""Demo: lifecycle rules on the log-archive account's central buckets (created by the cloudtrail and config
seeds). The organization trail's bucket moves logs to Glacier after 90 days and expires them after seven
years; the central Config bucket has a cost-saving rule that expires everything after 180 days, before the
365-day retention."""

from __future__ import annotations

from demo.world import DemoWorld


def seed(world: DemoWorld) -> None:
    archive = world.org.account_id("log-archive")
    s3 = world.sessions["log-archive"].client("s3")
    s3.put_bucket_lifecycle_configuration(
        Bucket=f"org-cloudtrail-{archive}",
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
        Bucket=f"org-config-{archive}",
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
