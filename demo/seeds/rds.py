"""Demo: the tenants' relational databases. tenant-a runs an Aurora PostgreSQL ledger cluster with a week of
backups, deletion protection, a customer managed key and a private instance; tenant-b runs a PostgreSQL orders
instance with one day of backups, no deletion protection, unencrypted storage, and made it publicly
accessible."""

from __future__ import annotations

from demo.world import HOME, DemoWorld

DEMO_PASSWORD = "demo-only-not-a-secret"  # noqa: S105 - moto requires one; never a real database
LEDGER_CLUSTER = "tenant-a-ledger"
ORDERS_INSTANCE = "tenant-b-orders"


def seed(world: DemoWorld) -> None:
    _compliant_aurora(world, "tenant-a")
    _neglected_postgres(world, "tenant-b")


def _compliant_aurora(world: DemoWorld, tenant: str) -> None:
    kms = world.sessions[tenant].client("kms", region_name=HOME)
    key = kms.create_key(Description="Aurora ledger storage")["KeyMetadata"]
    kms.enable_key_rotation(KeyId=key["KeyId"])
    kms.create_alias(AliasName="alias/ledger-db", TargetKeyId=key["KeyId"])
    rds = world.sessions[tenant].client("rds", region_name=HOME)
    rds.create_db_cluster(
        DBClusterIdentifier=LEDGER_CLUSTER,
        Engine="aurora-postgresql",
        MasterUsername="ledger_admin",
        MasterUserPassword=DEMO_PASSWORD,
        BackupRetentionPeriod=7,
        DeletionProtection=True,
        StorageEncrypted=True,
        KmsKeyId=key["Arn"],
    )
    rds.create_db_instance(
        DBInstanceIdentifier=f"{LEDGER_CLUSTER}-1",
        DBInstanceClass="db.r6g.large",
        Engine="aurora-postgresql",
        DBClusterIdentifier=LEDGER_CLUSTER,
    )
    rds.modify_db_instance(
        DBInstanceIdentifier=f"{LEDGER_CLUSTER}-1", PubliclyAccessible=False, ApplyImmediately=True
    )


def _neglected_postgres(world: DemoWorld, tenant: str) -> None:
    rds = world.sessions[tenant].client("rds", region_name=HOME)
    rds.create_db_instance(
        DBInstanceIdentifier=ORDERS_INSTANCE,
        DBInstanceClass="db.t3.medium",
        Engine="postgres",
        AllocatedStorage=50,
        MasterUsername="orders_admin",
        MasterUserPassword=DEMO_PASSWORD,
        BackupRetentionPeriod=1,
        DeletionProtection=False,
        StorageEncrypted=False,
    )
    rds.modify_db_instance(
        DBInstanceIdentifier=ORDERS_INSTANCE, PubliclyAccessible=True, ApplyImmediately=True
    )
