"""RDS and Aurora checks: automated backups, deletion protection, storage encryption with a customer managed
key, and no publicly accessible instance."""

from __future__ import annotations

from typing import Any

from checks.rds import (
    backup_retention,
    deletion_protection,
    rds_not_publicly_accessible,
    storage_encrypted_cmk,
)
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

CMK_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/cmk-1"


AWS_RDS_KEY_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/aws-rds-1"


def instance(name: str = "orders", **settings: Any) -> Item:
    data = {
        "DBInstanceIdentifier": name,
        "Engine": "postgres",
        "BackupRetentionPeriod": 7,
        "DeletionProtection": True,
        "StorageEncrypted": True,
        "KmsKeyId": CMK_ARN,
        **settings,
    }
    return item(f"arn:aws:rds:{REGION}:{ACCOUNT}:db:{name}", data, name=name)


def cluster(name: str = "ledger", **settings: Any) -> Item:
    data = {
        "DBClusterIdentifier": name,
        "Engine": "aurora-postgresql",
        "BackupRetentionPeriod": 7,
        "DeletionProtection": True,
        "StorageEncrypted": True,
        "KmsKeyId": CMK_ARN,
        **settings,
    }
    return item(f"arn:aws:rds:{REGION}:{ACCOUNT}:cluster:{name}", data, name=name, evidence=("c" * 64,))


def member(cluster_name: str = "ledger") -> Item:
    # Aurora members report their own values, which the cluster's settings override.
    return instance(
        f"{cluster_name}-1",
        Engine="aurora-postgresql",
        DBClusterIdentifier=cluster_name,
        BackupRetentionPeriod=1,
        DeletionProtection=False,
    )


def keys() -> list[Item]:
    return [
        item(CMK_ARN, {"KeyMetadata": {"KeyManager": "CUSTOMER"}, "Aliases": ["alias/rds"]}, name="cmk-1"),
        item(AWS_RDS_KEY_ARN, {"KeyMetadata": {"KeyManager": "AWS"}}, name="aws-rds-1"),
    ]


def rds(instances: list[Item], clusters: list[Item] | None = None) -> InventoryBuilder:
    return (
        InventoryBuilder()
        .add("rds.instances", instances)
        .add("rds.clusters", clusters or [])
        .add("kms.keys", keys())
    )


def test_backup_retention_passes_fails_and_errors() -> None:
    assert statuses(run_check(backup_retention, rds([instance()]))) == ["PASS"]
    [short] = run_check(backup_retention, rds([instance(BackupRetentionPeriod=1)]))
    assert short.status is Status.FAIL and "1 day(s)" in short.message
    assert statuses(run_check(backup_retention, rds([instance(BackupRetentionPeriod=0)]))) == ["FAIL"]
    [missing] = run_check(backup_retention, rds([instance(BackupRetentionPeriod=None)]))
    assert missing.status is Status.ERROR
    denied = InventoryBuilder().unavailable("rds.instances", ACCESS_DENIED).add("rds.clusters", [])
    assert statuses(run_check(backup_retention, denied)) == ["ERROR"]


def test_backup_retention_skips_read_replicas() -> None:
    replica = instance(
        "orders-replica", BackupRetentionPeriod=0, ReadReplicaSourceDBInstanceIdentifier="orders"
    )
    assert statuses(run_check(backup_retention, rds([replica]))) == ["NOT_APPLICABLE"]


def test_cluster_members_are_judged_on_their_cluster() -> None:
    [kept] = run_check(backup_retention, rds([member()], [cluster()]))
    assert kept.status is Status.PASS and "cluster ledger" in kept.message
    assert "c" * 64 in kept.evidence
    [short] = run_check(backup_retention, rds([member()], [cluster(BackupRetentionPeriod=3)]))
    assert short.status is Status.FAIL
    assert statuses(run_check(deletion_protection, rds([member()], [cluster()]))) == ["PASS"]
    unprotected = rds([member()], [cluster(DeletionProtection=False)])
    assert statuses(run_check(deletion_protection, unprotected)) == ["FAIL"]
    [orphan] = run_check(deletion_protection, rds([member("gone")], [cluster()]))
    assert orphan.status is Status.ERROR and "gone" in orphan.message


def test_deletion_protection_passes_fails_and_errors() -> None:
    assert statuses(run_check(deletion_protection, rds([instance()]))) == ["PASS"]
    assert statuses(run_check(deletion_protection, rds([instance(DeletionProtection=False)]))) == ["FAIL"]
    denied = InventoryBuilder().add("rds.instances", [member()]).unavailable("rds.clusters", ACCESS_DENIED)
    assert statuses(run_check(deletion_protection, denied)) == ["ERROR"]


def test_storage_encryption_with_a_customer_managed_key() -> None:
    [passed] = run_check(storage_encrypted_cmk, rds([instance()]))
    assert passed.status is Status.PASS and "customer managed key" in passed.message
    [aws_key] = run_check(storage_encrypted_cmk, rds([instance(KmsKeyId=AWS_RDS_KEY_ARN)]))
    assert aws_key.status is Status.FAIL and "aws managed" in aws_key.message
    plain = rds([instance(StorageEncrypted=False, KmsKeyId=None)])
    assert statuses(run_check(storage_encrypted_cmk, plain)) == ["FAIL"]
    assert statuses(run_check(storage_encrypted_cmk, rds([member()], [cluster()]))) == ["PASS"]


def test_storage_encryption_with_an_unresolvable_key_is_an_error() -> None:
    unknown = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/not-collected"
    [result] = run_check(storage_encrypted_cmk, rds([instance(KmsKeyId=unknown)]))
    assert result.status is Status.ERROR and "not-collected" in result.message
    no_keys = (
        InventoryBuilder()
        .add("rds.instances", [instance()])
        .add("rds.clusters", [])
        .unavailable("kms.keys", ACCESS_DENIED)
    )
    assert statuses(run_check(storage_encrypted_cmk, no_keys)) == ["ERROR"]


def instance_with_access(public: bool | None) -> Item:
    data: dict[str, Any] = {"DBInstanceIdentifier": "orders", "Engine": "postgres"}
    if public is not None:
        data |= {"PubliclyAccessible": public, "Endpoint": {"Address": "orders.abc.rds.amazonaws.com"}}
    return item(f"arn:aws:rds:{REGION}:{ACCOUNT}:db:orders", data)


def test_rds_instances_must_not_be_publicly_accessible() -> None:
    private = InventoryBuilder().add("rds.instances", [instance_with_access(False)])
    assert statuses(run_check(rds_not_publicly_accessible, private)) == ["PASS"]
    public = InventoryBuilder().add("rds.instances", [instance_with_access(True)])
    [result] = run_check(rds_not_publicly_accessible, public)
    assert result.status is Status.FAIL and "orders.abc.rds.amazonaws.com" in result.message
    unknown = InventoryBuilder().add("rds.instances", [instance_with_access(None)])
    assert statuses(run_check(rds_not_publicly_accessible, unknown)) == ["ERROR"]
    denied = InventoryBuilder().unavailable("rds.instances", ACCESS_DENIED)
    assert statuses(run_check(rds_not_publicly_accessible, denied)) == ["ERROR"]
