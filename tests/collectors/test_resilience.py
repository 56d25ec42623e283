"""Cross-region recovery data under moto: bucket replication (configured, and absent as data), RDS
automated backups, and Aurora global databases with their member clusters."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.rds_recovery import DATASETS as RDS_RECOVERY_DATASETS
from scanner.aws.collectors.s3 import DATASETS as S3_DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord
from scanner.model import GLOBAL_REGION

(BUCKETS,) = S3_DATASETS
AUTOMATED_BACKUPS, GLOBAL_CLUSTERS = RDS_RECOVERY_DATASETS
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


def test_automated_backups_and_global_clusters(tmp_path: Path) -> None:
    with mock_aws():
        rds = boto3.client("rds", region_name=REGION)
        rds.create_db_instance(
            DBInstanceIdentifier="orders",
            DBInstanceClass="db.t3.micro",
            Engine="postgres",
            AllocatedStorage=20,
            MasterUsername="orders_admin",
            MasterUserPassword="not-a-real-password",
            BackupRetentionPeriod=7,
        )
        rds.create_db_cluster(
            DBClusterIdentifier="ledger",
            Engine="aurora-postgresql",
            MasterUsername="ledger_admin",
            MasterUserPassword="not-a-real-password",
        )
        primary = rds.describe_db_clusters(DBClusterIdentifier="ledger")["DBClusters"][0]["DBClusterArn"]
        rds.create_global_cluster(GlobalClusterIdentifier="ledger-global", SourceDBClusterIdentifier=primary)
        boto3.client("rds", region_name=DR).create_db_cluster(
            DBClusterIdentifier="ledger-dr",
            Engine="aurora-postgresql",
            GlobalClusterIdentifier="ledger-global",
        )
        [backup] = _collect(tmp_path / "backups", AUTOMATED_BACKUPS).items
        [global_cluster] = _collect(tmp_path / "global", GLOBAL_CLUSTERS, DR).items
    assert backup.name == "orders" and backup.data["Status"] == "active"
    members = [m["DBClusterArn"] for m in global_cluster.data["GlobalClusterMembers"]]
    assert primary in members and any(f":{DR}:" in m for m in members)
    assert global_cluster.name == "ledger-global" and global_cluster.evidence
