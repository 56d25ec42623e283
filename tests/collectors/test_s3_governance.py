"""s3.buckets under moto: Object Ownership, Object Lock and lifecycle aspects, configured and absent."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.s3 import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder
from scanner.model import GLOBAL_REGION

[DATASET] = DATASETS
LOCK = {"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Days": 365}}}
EXPIRE = {"ID": "expire", "Status": "Enabled", "Filter": {"Prefix": "athena/"}, "Expiration": {"Days": 30}}


def test_governance_aspects_configured_and_absent(tmp_path: Path) -> None:
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="plain")
        s3.create_bucket(Bucket="governed", ObjectLockEnabledForBucket=True)
        s3.put_bucket_ownership_controls(
            Bucket="governed", OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
        )
        s3.put_object_lock_configuration(Bucket="governed", ObjectLockConfiguration=LOCK)
        s3.put_bucket_lifecycle_configuration(Bucket="governed", LifecycleConfiguration={"Rules": [EXPIRE]})
        provider = SessionProvider(boto3.Session(region_name="us-east-1"), Recorder(EvidenceStore(tmp_path)))
        account = provider.caller().account_id
        record = collect_dataset(provider, DATASET, account, GLOBAL_REGION)
    assert record.available
    buckets = {b.name: b for b in record.items}
    plain, governed = buckets["plain"], buckets["governed"]
    assert not plain.errors and not governed.errors
    # Not configured is data (None), never an unreadable aspect.
    assert plain["ObjectLock"] is None and plain["Lifecycle"] is None
    assert plain["OwnershipControls"] in (None, [{"ObjectOwnership": "BucketOwnerEnforced"}])
    assert governed["OwnershipControls"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    lock = governed["ObjectLock"]
    assert lock["ObjectLockEnabled"] == "Enabled"
    assert lock["Rule"]["DefaultRetention"]["Mode"] == "COMPLIANCE"  # moto also answers Years: 0
    assert lock["Rule"]["DefaultRetention"]["Days"] == 365
    [rule] = governed["Lifecycle"]
    assert rule["Status"] == "Enabled" and rule["Expiration"] == {"Days": 30}
    assert rule["Filter"] == {"Prefix": "athena/"}
