"""EC2 connectivity checks: transit gateways do not auto-accept shared attachments, and VPN tunnels are up."""

from __future__ import annotations

import pytest

from checks.ec2_connectivity import transit_gateway_no_auto_accept, vpn_tunnels_up
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

NETWORKING = "222222222222"


def gateway(owner: str = ACCOUNT, state: str = "available", **options: str) -> Item:
    data = {
        "TransitGatewayId": "tgw-1",
        "OwnerId": owner,
        "State": state,
        "Options": {
            "DefaultRouteTableAssociation": "enable",
            "DefaultRouteTablePropagation": "disable",
            **options,
        },
    }
    return item(f"arn:aws:ec2:{REGION}:{owner}:transit-gateway/tgw-1", data)


def gateways(*items: Item) -> InventoryBuilder:
    return InventoryBuilder().add("ec2.transit-gateways", list(items))


def test_transit_gateway_auto_accept() -> None:
    [result] = run_check(
        transit_gateway_no_auto_accept, gateways(gateway(AutoAcceptSharedAttachments="disable"))
    )
    assert result.status is Status.PASS and "association enable, propagation disable" in result.message
    assert result.details["default_route_table_propagation"] == "disable"
    [result] = run_check(
        transit_gateway_no_auto_accept, gateways(gateway(AutoAcceptSharedAttachments="enable"))
    )
    assert result.status is Status.FAIL and "automatically" in result.message
    assert statuses(run_check(transit_gateway_no_auto_accept, gateways(gateway()))) == ["ERROR"]
    shared = gateway(NETWORKING, AutoAcceptSharedAttachments="enable")
    assert statuses(run_check(transit_gateway_no_auto_accept, gateways(shared))) == ["NOT_APPLICABLE"]
    deleted = gateway(state="deleted", AutoAcceptSharedAttachments="enable")
    assert statuses(run_check(transit_gateway_no_auto_accept, gateways(deleted))) == ["NOT_APPLICABLE"]
    denied = InventoryBuilder().unavailable("ec2.transit-gateways", ACCESS_DENIED)
    assert statuses(run_check(transit_gateway_no_auto_accept, denied)) == ["ERROR"]


def vpn(state: str = "available", *tunnel_statuses: str) -> Item:
    telemetry = [{"OutsideIpAddress": f"52.0.0.{n}", "Status": s} for n, s in enumerate(tunnel_statuses)]
    data = {"VpnConnectionId": "vpn-1", "State": state, "VgwTelemetry": telemetry}
    return item(f"arn:aws:ec2:{REGION}:{ACCOUNT}:vpn-connection/vpn-1", data)


@pytest.mark.parametrize(
    "connection,expected",
    [
        (vpn("available", "UP", "UP"), "PASS"),
        (vpn("available", "UP", "DOWN"), "FAIL"),
        (vpn("pending", "DOWN", "DOWN"), "FAIL"),
        (vpn("available", "UP"), "ERROR"),
        (vpn("available"), "ERROR"),
        (vpn("deleted"), "NOT_APPLICABLE"),
    ],
)
def test_vpn_connections_need_both_tunnels_up(connection: Item, expected: str) -> None:
    inventory = InventoryBuilder().add("ec2.vpn-connections", [connection])
    assert statuses(run_check(vpn_tunnels_up, inventory)) == [expected]


def test_vpn_connections_error_when_unreadable_and_are_not_applicable_when_absent() -> None:
    denied = InventoryBuilder().unavailable("ec2.vpn-connections", ACCESS_DENIED)
    assert statuses(run_check(vpn_tunnels_up, denied)) == ["ERROR"]
    none = InventoryBuilder().add("ec2.vpn-connections", [])
    assert statuses(run_check(vpn_tunnels_up, none)) == ["NOT_APPLICABLE"]
