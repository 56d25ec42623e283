"""Direct Connect: the connections with their MACsec state."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def collect_direct_connect_connections(api: Api) -> Iterator[Item]:
    for connection in api.call("describe_connections").get("connections", []):
        connection_id = connection["connectionId"]
        owner = connection.get("ownerAccount") or api.account_id
        arn = f"arn:{api.partition}:directconnect:{api.region}:{owner}:dxcon/{connection_id}"
        yield api.resource(arn, connection.get("connectionName") or connection_id, connection).build()


DATASETS = (
    Dataset(
        name="directconnect.connections",
        service="directconnect",
        reach=Reach.REGIONAL,
        description="Direct Connect connections with their state and MACsec capability, encryption mode and "
        "port encryption status.",
        calls={"DescribeConnections": "directconnect:DescribeConnections"},
        collect=collect_direct_connect_connections,
    ),
)
