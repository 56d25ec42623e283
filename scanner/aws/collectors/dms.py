"""AWS Database Migration Service: replication instances with their network exposure and storage key."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def collect_replication_instances(api: Api) -> Iterator[Item]:
    for instance in api.paginate("describe_replication_instances", "ReplicationInstances"):
        name = instance.get("ReplicationInstanceIdentifier") or instance["ReplicationInstanceArn"]
        yield api.resource(instance["ReplicationInstanceArn"], name, instance).build()


DATASETS = (
    Dataset(
        name="dms.replication-instances",
        service="dms",
        reach=Reach.REGIONAL,
        description="DMS replication instances with public accessibility and the KMS key of their storage.",
        calls={"DescribeReplicationInstances": "dms:DescribeReplicationInstances"},
        collect=collect_replication_instances,
    ),
)
