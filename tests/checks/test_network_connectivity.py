"""Connectivity checks: DNS query logging, transit gateway auto-accept, VPN tunnels, Direct Connect MACsec."""

from __future__ import annotations

from typing import Any

import pytest

from checks.directconnect import direct_connect_macsec
from checks.ec2_connectivity import transit_gateway_no_auto_accept, vpn_tunnels_up
from checks.route53resolver import vpc_query_logging
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

NETWORKING = "222222222222"


def vpc(vpc_id: str = "vpc-1", owner: str = ACCOUNT) -> Item:
    return item(f"arn:aws:ec2:{REGION}:{owner}:vpc/{vpc_id}", {"VpcId": vpc_id, "OwnerId": owner})


def association(vpc_id: str = "vpc-1", status: str = "ACTIVE", error: str = "NONE") -> Item:
    data = {"ResourceId": vpc_id, "ResolverQueryLogConfigId": "rqlc-1", "Status": status, "Error": error}
    return item(f"{REGION}/resolver-query-log-config-association/rqla-{vpc_id}", data)


def resolver_inventory(vpcs: list[Item], associations: list[Item]) -> InventoryBuilder:
    return (
        InventoryBuilder().add("ec2.vpcs", vpcs).add("route53resolver.query-log-associations", associations)
    )


def test_query_logging_passes_for_an_active_association_and_fails_otherwise() -> None:
    results = run_check(vpc_query_logging, resolver_inventory([vpc(), vpc("vpc-2")], [association()]))
    by_vpc = {r.resource_id.rsplit("/", 1)[-1]: r for r in results}
    assert by_vpc["vpc-1"].status is Status.PASS and "rqlc-1" in by_vpc["vpc-1"].message
    assert by_vpc["vpc-1"].evidence
    assert by_vpc["vpc-2"].status is Status.FAIL and "not associated" in by_vpc["vpc-2"].message
    failed = resolver_inventory([vpc()], [association(status="FAILED", error="ACCESS_DENIED")])
    [result] = run_check(vpc_query_logging, failed)
    assert result.status is Status.FAIL and "FAILED (ACCESS_DENIED)" in result.message


def test_query_logging_leaves_shared_vpcs_to_their_owner_and_errors_when_unreadable() -> None:
    [shared] = run_check(vpc_query_logging, resolver_inventory([vpc(owner=NETWORKING)], []))
    assert shared.status is Status.NOT_APPLICABLE and NETWORKING in shared.message
    denied = InventoryBuilder().add("ec2.vpcs", [vpc()])
    denied.unavailable("route53resolver.query-log-associations", ACCESS_DENIED)
    assert statuses(run_check(vpc_query_logging, denied)) == ["ERROR"]


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


def dx(**fields: Any) -> Item:
    data = {
        "connectionId": "dxcon-1",
        "connectionName": "dc-primary",
        "connectionState": "available",
        **fields,
    }
    return item(f"arn:aws:directconnect:{REGION}:{ACCOUNT}:dxcon/dxcon-1", data, name="dc-primary")


@pytest.mark.parametrize(
    "connection,expected",
    [
        (dx(macSecCapable=True, encryptionMode="must_encrypt", portEncryptionStatus="Encryption Up"), "PASS"),
        (
            dx(macSecCapable=True, encryptionMode="should_encrypt", portEncryptionStatus="Encryption Up"),
            "PASS",
        ),
        (
            dx(macSecCapable=True, encryptionMode="must_encrypt", portEncryptionStatus="Encryption Down"),
            "FAIL",
        ),
        (dx(macSecCapable=True, encryptionMode="no_encrypt", portEncryptionStatus="Encryption Down"), "FAIL"),
        (dx(macSecCapable=False), "FAIL"),
        (dx(connectionState="deleted"), "NOT_APPLICABLE"),
    ],
)
def test_direct_connect_needs_macsec_encryption_up(connection: Item, expected: str) -> None:
    inventory = InventoryBuilder().add("directconnect.connections", [connection])
    assert statuses(run_check(direct_connect_macsec, inventory)) == [expected]


def test_direct_connect_names_what_is_missing_and_errors_when_unreadable() -> None:
    [result] = run_check(
        direct_connect_macsec, InventoryBuilder().add("directconnect.connections", [dx(macSecCapable=False)])
    )
    assert "encryption mode not set" in result.message and "not MACsec capable" in result.message
    denied = InventoryBuilder().unavailable("directconnect.connections", ACCESS_DENIED)
    assert statuses(run_check(direct_connect_macsec, denied)) == ["ERROR"]
