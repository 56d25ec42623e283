"""s3.buckets under moto: Object Ownership, Object Lock, lifecycle and replication aspects, configured and
absent."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.s3 import DATASETS
from scanner.aws.collectors.s3 import DATASETS as S3_DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord
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


(BUCKETS,) = S3_DATASETS


REGION = "us-east-1"


DR = "eu-west-2"


def _collect(tmp_path: Path, dataset: Dataset, region: str = REGION) -> DatasetRecord:
    provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
    record = collect_dataset(provider, dataset, provider.caller().account_id, region)
    assert record.available, record.unavailable
    return record


def test_bucket_replication_configured_and_absent(tmp_path: Path) -> None:
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        for name, region in (("claims", REGION), ("claims-dr", DR), ("scratch", REGION)):
            config = (
                {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
            )
            boto3.client("s3", region_name=region).create_bucket(Bucket=name, **config)
        for name in ("claims", "claims-dr"):
            s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        s3.put_bucket_replication(
            Bucket="claims",
            ReplicationConfiguration={
                "Role": "arn:aws:iam::123456789012:role/replication",
                "Rules": [
                    {
                        "ID": "everything",
                        "Status": "Enabled",
                        "Priority": 1,
                        "Filter": {},
                        "DeleteMarkerReplication": {"Status": "Disabled"},
                        "Destination": {"Bucket": "arn:aws:s3:::claims-dr"},
                    }
                ],
            },
        )
        record = _collect(tmp_path, BUCKETS, GLOBAL_REGION)
    buckets = {b.name: b for b in record.items}
    [replication_rule] = buckets["claims"]["Replication"]["Rules"]
    assert replication_rule["Destination"]["Bucket"] == "arn:aws:s3:::claims-dr"
    assert buckets["scratch"]["Replication"] is None and "Replication" not in buckets["scratch"].errors
    assert buckets["claims-dr"].region == DR
