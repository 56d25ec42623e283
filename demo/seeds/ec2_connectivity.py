"""Demo: the networking account's hybrid edge. In the home region a core transit gateway that requires
attachments to be accepted and a data-centre VPN with both tunnels up; in the second region a legacy transit
gateway that auto-accepts attachments and a branch-office VPN running on one tunnel. The other accounts have
no on-premises path (their hybrid checks are not applicable).

moto 5.2 reports no VPN tunnel telemetry, so the simulation sets it on moto's model, as AWS would report
it."""

from __future__ import annotations

from typing import Any

from demo.world import DEMO_REGIONS, HOME, DemoWorld

NETWORKING = "networking"


def seed(world: DemoWorld) -> None:
    account_id = world.org.account_id(NETWORKING)
    for region in DEMO_REGIONS:
        home = region == HOME
        ec2 = world.sessions[NETWORKING].client("ec2", region_name=region)
        _transit_gateway(ec2, "core-tgw" if home else "legacy-tgw", segmented=home)
        _vpn(ec2, account_id, region, "data-centre-vpn" if home else "branch-office-vpn", both_up=home)


def _transit_gateway(ec2: Any, name: str, *, segmented: bool) -> None:
    setting = "disable" if segmented else "enable"
    ec2.create_transit_gateway(
        Description=name,
        Options={
            "AutoAcceptSharedAttachments": setting,
            "DefaultRouteTableAssociation": setting,
            "DefaultRouteTablePropagation": setting,
        },
        TagSpecifications=[{"ResourceType": "transit-gateway", "Tags": [{"Key": "Name", "Value": name}]}],
    )


def _vpn(ec2: Any, account_id: str, region: str, name: str, *, both_up: bool) -> None:
    from moto.ec2.models import ec2_backends

    customer = ec2.create_customer_gateway(Type="ipsec.1", PublicIp="198.51.100.20", BgpAsn=65010)
    gateway = ec2.create_vpn_gateway(Type="ipsec.1")["VpnGateway"]["VpnGatewayId"]
    connection_id = ec2.create_vpn_connection(
        Type="ipsec.1",
        CustomerGatewayId=customer["CustomerGateway"]["CustomerGatewayId"],
        VpnGatewayId=gateway,
        TagSpecifications=[{"ResourceType": "vpn-connection", "Tags": [{"Key": "Name", "Value": name}]}],
    )["VpnConnection"]["VpnConnectionId"]
    second = "UP" if both_up else "DOWN"
    model: Any = ec2_backends[account_id][region].vpn_connections[connection_id]
    model.vgw_telemetry = [
        {"OutsideIpAddress": "52.95.10.1", "Status": "UP", "AcceptedRouteCount": 3, "StatusMessage": ""},
        {"OutsideIpAddress": "52.95.10.2", "Status": second, "AcceptedRouteCount": 0, "StatusMessage": ""},
    ]
