"""EC2 connectivity beyond one VPC: transit gateways, and Site-to-Site VPN connections with their tunnel
telemetry."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.evidence import redact
from scanner.inventory import Item


def collect_transit_gateways(api: Api) -> Iterator[Item]:
    for gateway in api.paginate("describe_transit_gateways", "TransitGateways"):
        gateway_id = gateway["TransitGatewayId"]
        owner = gateway.get("OwnerId", api.account_id)
        arn = gateway.get("TransitGatewayArn") or (
            f"arn:{api.partition}:ec2:{api.region}:{owner}:transit-gateway/{gateway_id}"
        )
        yield api.resource(arn, _name(gateway.get("Tags")) or gateway_id, gateway).build()


def collect_vpn_connections(api: Api) -> Iterator[Item]:
    # DescribeVpnConnections has no paginator: it returns every connection of the region in one answer.
    for connection in api.call("describe_vpn_connections").get("VpnConnections", []):
        connection_id = connection["VpnConnectionId"]
        arn = f"arn:{api.partition}:ec2:{api.region}:{api.account_id}:vpn-connection/{connection_id}"
        # The answer holds the tunnels' pre-shared keys (in TunnelOptions and the customer gateway
        # configuration): the inventory keeps the same redacted copy as the evidence.
        data = redact(connection)
        yield api.resource(arn, _name(connection.get("Tags")) or connection_id, data).build()


def _name(tags: list[dict[str, str]] | None) -> str:
    return next((t["Value"] for t in tags or [] if t.get("Key") == "Name"), "")


DATASETS = (
    Dataset(
        name="ec2.transit-gateways",
        service="ec2",
        reach=Reach.REGIONAL,
        description="Transit gateways visible to the account (owned or shared), with their attachment "
        "acceptance and default route table options.",
        calls={"DescribeTransitGateways": "ec2:DescribeTransitGateways"},
        collect=collect_transit_gateways,
    ),
    Dataset(
        name="ec2.vpn-connections",
        service="ec2",
        reach=Reach.REGIONAL,
        description="Site-to-Site VPN connections with their state and the telemetry of each tunnel "
        "(the customer gateway configuration, which holds pre-shared keys, is left out).",
        calls={"DescribeVpnConnections": "ec2:DescribeVpnConnections"},
        collect=collect_vpn_connections,
    ),
)
