"""Demo: databases in the tenants. tenant-a runs an Aurora cluster with a week of backups, deletion
protection and a customer managed key, and a DynamoDB tracking table with point-in-time recovery; tenant-b
runs a PostgreSQL instance with one day of backups, no deletion protection and unencrypted storage, and a
tracking table without point-in-time recovery."""

from __future__ import annotations

from demo.world import HOME, DemoWorld

DEMO_PASSWORD = "demo-only-not-a-secret"  # noqa: S105 - moto requires one; never a real database


def _tracking_table(world: DemoWorld, tenant: str, *, pitr: bool) -> None:
    dynamodb = world.sessions[tenant].client("dynamodb", region_name=HOME)
    name = f"{tenant}-shipment-tracking"
    dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "shipment_id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "shipment_id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        # The well-run tenant also chose a KMS key; the other kept the default AWS owned key.
        **({"SSESpecification": {"Enabled": True, "SSEType": "KMS"}} if pitr else {}),
    )
    if pitr:
        dynamodb.update_continuous_backups(
            TableName=name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
        )


def _compliant_aurora(world: DemoWorld, tenant: str) -> None:
    kms = world.sessions[tenant].client("kms", region_name=HOME)
    key = kms.create_key(Description="Aurora ledger storage")["KeyMetadata"]
    kms.enable_key_rotation(KeyId=key["KeyId"])
    kms.create_alias(AliasName="alias/ledger-db", TargetKeyId=key["KeyId"])
    rds = world.sessions[tenant].client("rds", region_name=HOME)
    cluster = f"{tenant}-ledger"
    rds.create_db_cluster(
        DBClusterIdentifier=cluster,
        Engine="aurora-postgresql",
        MasterUsername="ledger_admin",
        MasterUserPassword=DEMO_PASSWORD,
        BackupRetentionPeriod=7,
        DeletionProtection=True,
        StorageEncrypted=True,
        KmsKeyId=key["Arn"],
    )
    rds.create_db_instance(
        DBInstanceIdentifier=f"{cluster}-1",
        DBInstanceClass="db.r6g.large",
        Engine="aurora-postgresql",
        DBClusterIdentifier=cluster,
    )


def _neglected_postgres(world: DemoWorld, tenant: str) -> None:
    world.sessions[tenant].client("rds", region_name=HOME).create_db_instance(
        DBInstanceIdentifier=f"{tenant}-orders",
        DBInstanceClass="db.t3.medium",
        Engine="postgres",
        AllocatedStorage=50,
        MasterUsername="orders_admin",
        MasterUserPassword=DEMO_PASSWORD,
        BackupRetentionPeriod=1,
        DeletionProtection=False,
        StorageEncrypted=False,
    )


def seed(world: DemoWorld) -> None:
    _compliant_aurora(world, "tenant-a")
    _tracking_table(world, "tenant-a", pitr=True)
    _neglected_postgres(world, "tenant-b")
    _tracking_table(world, "tenant-b", pitr=False)
