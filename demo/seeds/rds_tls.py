"""Demo: TLS on the databases. tenant-a's Aurora PostgreSQL ledger cluster forces TLS through its cluster
parameter group; tenant-b's PostgreSQL orders instance has rds.force_ssl off in its own parameter group."""

from __future__ import annotations

from demo.seeds.rds import LEDGER_CLUSTER, ORDERS_INSTANCE
from demo.world import HOME, DemoWorld

AFTER = ("rds",)  # gives the `rds` seed's cluster and instance their parameter groups

FORCE_SSL = {"ParameterName": "rds.force_ssl", "ApplyMethod": "immediate"}


def seed(world: DemoWorld) -> None:
    rds_a = world.sessions["tenant-a"].client("rds", region_name=HOME)
    rds_a.create_db_cluster_parameter_group(
        DBClusterParameterGroupName="ledger-tls",
        DBParameterGroupFamily="aurora-postgresql16",
        Description="Ledger cluster: TLS only",
    )
    rds_a.modify_db_cluster_parameter_group(
        DBClusterParameterGroupName="ledger-tls", Parameters=[FORCE_SSL | {"ParameterValue": "1"}]
    )
    rds_a.modify_db_cluster(DBClusterIdentifier=LEDGER_CLUSTER, DBClusterParameterGroupName="ledger-tls")
    rds_b = world.sessions["tenant-b"].client("rds", region_name=HOME)
    rds_b.create_db_parameter_group(
        DBParameterGroupName="orders-legacy-clients",
        DBParameterGroupFamily="postgres16",
        Description="Orders: plain connections allowed for legacy clients",
    )
    rds_b.modify_db_parameter_group(
        DBParameterGroupName="orders-legacy-clients", Parameters=[FORCE_SSL | {"ParameterValue": "0"}]
    )
    rds_b.modify_db_instance(
        DBInstanceIdentifier=ORDERS_INSTANCE, DBParameterGroupName="orders-legacy-clients"
    )
