"""RDS: DB instances and DB clusters (Aurora and Multi-AZ clusters) with their backup, deletion protection
and storage encryption settings, as DescribeDBInstances and DescribeDBClusters return them."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def collect_instances(api: Api) -> Iterator[Item]:
    for instance in api.paginate("describe_db_instances", "DBInstances"):
        yield api.resource(instance["DBInstanceArn"], instance["DBInstanceIdentifier"], instance).build()


def collect_clusters(api: Api) -> Iterator[Item]:
    for cluster in api.paginate("describe_db_clusters", "DBClusters"):
        yield api.resource(cluster["DBClusterArn"], cluster["DBClusterIdentifier"], cluster).build()


DATASETS = (
    Dataset(
        name="rds.instances",
        service="rds",
        reach=Reach.REGIONAL,
        description="RDS DB instances (also Aurora, Neptune and DocumentDB members) with backup retention, "
        "deletion protection, storage encryption and the cluster each belongs to.",
        calls={"DescribeDBInstances": "rds:DescribeDBInstances"},
        collect=collect_instances,
    ),
    Dataset(
        name="rds.clusters",
        service="rds",
        reach=Reach.REGIONAL,
        description="RDS DB clusters (Aurora and Multi-AZ) with backup retention, deletion protection and "
        "storage encryption, which govern their member instances.",
        calls={"DescribeDBClusters": "rds:DescribeDBClusters"},
        collect=collect_clusters,
    ),
)
