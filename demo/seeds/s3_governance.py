"""Demo: Object Ownership, Object Lock on the log archive and expiry of Athena query results.

* Ownership: every account's data bucket and the log-archive buckets enforce bucket-owner ownership; the
  workloads' legacy export buckets still honour ACLs (ObjectWriter). moto gives new buckets no ownership
  controls (AWS applies BucketOwnerEnforced to every bucket since April 2023), so buckets the seeds leave
  alone show "no Object Ownership controls" here.
* Object Lock: the organization trail's bucket locks logs in COMPLIANCE mode for a year; the central Config
  bucket has no Object Lock.
* Results lifecycle: tenant-a expires its workgroup's results prefix and shared-services its whole legacy
  export bucket; tenant-b's results bucket has no lifecycle and shared-services' rule expires another prefix.
"""

from __future__ import annotations

from typing import Any

from demo.seeds._lib.buckets import data_bucket, legacy_bucket
from demo.seeds.cloudtrail import trail_bucket
from demo.seeds.config import central_bucket
from demo.seeds.s3 import WORKLOADS
from demo.world import DemoWorld

AFTER = ("cloudtrail", "config", "s3")  # the log-archive buckets and the data and legacy buckets


def _own(s3: Any, bucket: str, ownership: str) -> None:
    s3.put_bucket_ownership_controls(
        Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": ownership}]}
    )


def _expire(s3: Any, bucket: str, prefix: str | None, days: int) -> None:
    rule: dict[str, Any] = {"ID": "expire-query-results", "Status": "Enabled", "Expiration": {"Days": days}}
    rule["Filter"] = {"Prefix": prefix} if prefix is not None else {}
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [rule]})


def seed(world: DemoWorld) -> None:
    for name, session in world.sessions.items():
        s3 = session.client("s3")
        _own(s3, data_bucket(world, name), "BucketOwnerEnforced")
        if name in WORKLOADS:
            _own(s3, legacy_bucket(world, name), "ObjectWriter")

    archive = world.sessions["log-archive"].client("s3")
    trail = trail_bucket(world)
    for bucket in (trail, central_bucket(world)):
        _own(archive, bucket, "BucketOwnerEnforced")
    archive.put_bucket_versioning(Bucket=trail, VersioningConfiguration={"Status": "Enabled"})
    archive.put_object_lock_configuration(
        Bucket=trail,
        ObjectLockConfiguration={
            "ObjectLockEnabled": "Enabled",
            "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Days": 365}},
        },
    )

    _expire(world.sessions["tenant-a"].client("s3"), data_bucket(world, "tenant-a"), "athena-results/", 30)
    shared_s3 = world.sessions["shared-services"].client("s3")
    _expire(shared_s3, legacy_bucket(world, "shared-services"), None, 90)
    _expire(shared_s3, data_bucket(world, "shared-services"), "tmp/", 7)
