"""Demo: recovery of the tier-1 databases (controlmap:criticality=tier-1) away from their region. tenant-a's
Aurora ledger is a global database with a secondary cluster in eu-west-2; tenant-b's orders instance, also
tier-1, stays in one region."""

from __future__ import annotations

from demo.seeds._lib.tags import TIER_ONE
from demo.seeds.rds import LEDGER_CLUSTER, ORDERS_INSTANCE
from demo.world import DEMO_REGIONS, HOME, DemoWorld

AFTER = ("rds",)  # designates the `rds` seed's cluster and instance, and extends the cluster

DR_REGION = DEMO_REGIONS[1]


def seed(world: DemoWorld) -> None:
    ledger = world.sessions["tenant-a"].client("rds", region_name=HOME)
    [cluster] = ledger.describe_db_clusters(DBClusterIdentifier=LEDGER_CLUSTER)["DBClusters"]
    ledger.add_tags_to_resource(ResourceName=cluster["DBClusterArn"], Tags=[TIER_ONE])
    ledger.create_global_cluster(
        GlobalClusterIdentifier=f"{LEDGER_CLUSTER}-global", SourceDBClusterIdentifier=cluster["DBClusterArn"]
    )
    world.sessions["tenant-a"].client("rds", region_name=DR_REGION).create_db_cluster(
        DBClusterIdentifier=f"{LEDGER_CLUSTER}-dr",
        Engine="aurora-postgresql",
        GlobalClusterIdentifier=f"{LEDGER_CLUSTER}-global",
        BackupRetentionPeriod=7,
        DeletionProtection=True,
        StorageEncrypted=True,
    )
    orders = world.sessions["tenant-b"].client("rds", region_name=HOME)
    [instance] = orders.describe_db_instances(DBInstanceIdentifier=ORDERS_INSTANCE)["DBInstances"]
    orders.add_tags_to_resource(ResourceName=instance["DBInstanceArn"], Tags=[TIER_ONE])
