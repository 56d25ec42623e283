"""RDS recovery away from the source region: automated backups held in each region (replicated ones carry
their source instance's ARN) and Aurora global databases with their member clusters."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def collect_automated_backups(api: Api) -> Iterator[Item]:
    for backup in api.paginate("describe_db_instance_automated_backups", "DBInstanceAutomatedBackups"):
        identifier = backup.get("DBInstanceIdentifier") or backup.get("DbiResourceId") or "unknown"
        arn = (
            backup.get("DBInstanceAutomatedBackupsArn")
            or f"{api.account_id}/{api.region}/auto-backup/{identifier}"
        )
        yield api.resource(arn, identifier, backup).build()


def collect_global_clusters(api: Api) -> Iterator[Item]:
    for cluster in api.paginate("describe_global_clusters", "GlobalClusters"):
        yield api.resource(cluster["GlobalClusterArn"], cluster["GlobalClusterIdentifier"], cluster).build()


DATASETS = (
    Dataset(
        name="rds.automated-backups",
        service="rds",
        reach=Reach.REGIONAL,
        description="RDS automated backups held in the region, including ones replicated from a DB instance "
        "in another region (their DBInstanceArn and Region name the source).",
        calls={"DescribeDBInstanceAutomatedBackups": "rds:DescribeDBInstanceAutomatedBackups"},
        collect=collect_automated_backups,
    ),
    Dataset(
        name="rds.global-clusters",
        service="rds",
        reach=Reach.REGIONAL,
        description="Aurora global databases with the ARN (and so the region) of each member cluster.",
        calls={"DescribeGlobalClusters": "rds:DescribeGlobalClusters"},
        collect=collect_global_clusters,
    ),
)
