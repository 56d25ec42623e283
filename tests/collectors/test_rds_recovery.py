"""Cross-region recovery data under moto: RDS automated backups, and Aurora global databases with their
member clusters."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.rds_recovery import DATASETS as RDS_RECOVERY_DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord

AUTOMATED_BACKUPS, GLOBAL_CLUSTERS = RDS_RECOVERY_DATASETS


REGION = "us-east-1"


DR = "eu-west-2"


def _collect(tmp_path: Path, dataset: Dataset, region: str = REGION) -> DatasetRecord:
    provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
    record = collect_dataset(provider, dataset, provider.caller().account_id, region)
    assert record.available, record.unavailable
    return record


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
