"""EC2 connectivity collectors against moto: transit gateways, and VPN connections (moto 5.2 reports no
tunnel telemetry, so the test sets it on moto's model as AWS would report it)."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collectors import ec2_connectivity
from scanner.evidence import REDACTED
from scanner.inventory import DatasetRecord
from tests.collectors.harness import collect_in_moto

BY_NAME = {d.name: d for d in ec2_connectivity.DATASETS}


REGION = "eu-west-1"


def _collect(directory: Path, name: str) -> DatasetRecord:
    return collect_in_moto(directory, BY_NAME[name], REGION)


def test_transit_gateways_with_their_options(tmp_path: Path) -> None:
    with mock_aws():
        ec2 = boto3.client("ec2", region_name=REGION)
        gateway = ec2.create_transit_gateway(
            Description="core", Options={"AutoAcceptSharedAttachments": "enable"}
        )["TransitGateway"]
        record = _collect(tmp_path, "ec2.transit-gateways")
    [collected] = record.items
    assert collected.resource_id == gateway["TransitGatewayArn"]
    assert collected.data["Options"]["AutoAcceptSharedAttachments"] == "enable"
    assert collected.data["Options"]["DefaultRouteTablePropagation"] == "enable"


def test_vpn_connections_keep_telemetry_and_never_the_pre_shared_keys(tmp_path: Path) -> None:
    from moto.ec2.models import ec2_backends

    with mock_aws():
        ec2 = boto3.client("ec2", region_name=REGION)
        customer = ec2.create_customer_gateway(Type="ipsec.1", PublicIp="203.0.113.10", BgpAsn=65000)
        gateway = ec2.create_vpn_gateway(Type="ipsec.1")["VpnGateway"]["VpnGatewayId"]
        connection_id = ec2.create_vpn_connection(
            Type="ipsec.1",
            CustomerGatewayId=customer["CustomerGateway"]["CustomerGatewayId"],
            VpnGatewayId=gateway,
        )["VpnConnection"]["VpnConnectionId"]
        account = boto3.client("sts").get_caller_identity()["Account"]
        model = ec2_backends[account][REGION].vpn_connections[connection_id]
        model.vgw_telemetry = [
            {"OutsideIpAddress": "52.0.0.1", "Status": "UP"},
            {"OutsideIpAddress": "52.0.0.2", "Status": "DOWN"},
        ]
        record = _collect(tmp_path, "ec2.vpn-connections")
    [connection] = record.items
    assert connection.resource_id == f"arn:aws:ec2:{REGION}:{account}:vpn-connection/{connection_id}"
    assert [t["Status"] for t in connection.data["VgwTelemetry"]] == ["UP", "DOWN"]
    assert connection.data["CustomerGatewayConfiguration"] == REDACTED
    stored = "".join(path.read_text() for path in tmp_path.rglob("*.json"))
    assert "pre_shared_key" not in stored and connection.evidence
