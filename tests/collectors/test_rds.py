"""RDS collectors against moto: instances and clusters with their backup, deletion protection and encryption
settings."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collectors.rds import DATASETS as RDS_DATASETS
from scanner.datasets import Dataset
from scanner.inventory import DatasetRecord
from tests.collectors.harness import collect_in_moto

INSTANCES, CLUSTERS = RDS_DATASETS


REGION = "eu-west-1"


def _collect(tmp_path: Path, dataset: Dataset) -> DatasetRecord:
    return collect_in_moto(tmp_path, dataset, REGION)


def test_instances_and_clusters_with_their_settings(tmp_path: Path) -> None:
    with mock_aws():
        assert _collect(tmp_path / "none", INSTANCES).items == ()
        rds = boto3.client("rds", region_name=REGION)
        rds.create_db_instance(
            DBInstanceIdentifier="orders",
            DBInstanceClass="db.t3.micro",
            Engine="postgres",
            AllocatedStorage=20,
            MasterUsername="admin",
            MasterUserPassword="not-a-real-password",
            BackupRetentionPeriod=1,
        )
        rds.create_db_cluster(
            DBClusterIdentifier="ledger",
            Engine="aurora-postgresql",
            MasterUsername="admin",
            MasterUserPassword="not-a-real-password",
            BackupRetentionPeriod=7,
            DeletionProtection=True,
            StorageEncrypted=True,
        )
        rds.create_db_instance(
            DBInstanceIdentifier="ledger-1",
            DBInstanceClass="db.r6g.large",
            Engine="aurora-postgresql",
            DBClusterIdentifier="ledger",
        )
        instances = _collect(tmp_path / "instances", INSTANCES)
        clusters = _collect(tmp_path / "clusters", CLUSTERS)
    by_name = {i.name: i for i in instances.items}
    assert set(by_name) == {"orders", "ledger-1"}
    orders = by_name["orders"]
    assert orders.resource_id.startswith("arn:aws:rds:") and orders.resource_id.endswith(":db:orders")
    assert orders.data["BackupRetentionPeriod"] == 1 and orders.data["DeletionProtection"] is False
    assert by_name["ledger-1"].data["DBClusterIdentifier"] == "ledger"
    [ledger] = clusters.items
    assert ledger.name == "ledger" and ledger.resource_id.endswith(":cluster:ledger")
    assert ledger.data["BackupRetentionPeriod"] == 7 and ledger.data["DeletionProtection"] is True
    assert ledger.data["StorageEncrypted"] is True
    assert orders.evidence and ledger.evidence and not orders.errors
