"""Demo: connectivity beyond one VPC (module name sorts after vpc, whose workload VPCs it logs). Every VPC
logs DNS queries to the log archive except tenant-b's in its second region. The networking account owns the
hybrid edge: in the home region a core transit gateway that requires attachments to be accepted, a data-centre
VPN with both tunnels up and a MACsec-encrypted Direct Connect link; in the second region a legacy transit
gateway that auto-accepts attachments, a branch-office VPN running on one tunnel and a backup Direct Connect
link without MACsec. The other accounts have no on-premises path (their hybrid checks are not applicable).

moto 5.2 reports no VPN tunnel telemetry and never brings MACsec up, so the simulation sets both on moto's
models, as AWS would report them."""

from __future__ import annotations

from typing import Any

from demo.world import DEMO_REGIONS, HOME, DemoWorld

NETWORKING = "networking"


def seed(world: DemoWorld) -> None:
    log_archive_bucket = f"log-archive-data-{world.org.account_id('log-archive')}"
    for name, session in world.sessions.items():
        for region in DEMO_REGIONS:
            if name == "tenant-b" and region != HOME:
                continue  # a realistic gap: the tenant's second region was never enrolled in DNS logging
            _log_dns_queries(session, region, f"arn:aws:s3:::{log_archive_bucket}/route53-query-logs/{name}")
    account_id = world.org.account_id(NETWORKING)
    session = world.sessions[NETWORKING]
    for region in DEMO_REGIONS:
        home = region == HOME
        ec2 = session.client("ec2", region_name=region)
        _transit_gateway(ec2, "core-tgw" if home else "legacy-tgw", segmented=home)
        _vpn(ec2, account_id, region, "data-centre-vpn" if home else "branch-office-vpn", both_up=home)
        _direct_connect(session, account_id, region, "dc-primary" if home else "dc-backup", macsec=home)


def _log_dns_queries(session: Any, region: str, destination: str) -> None:
    resolver = session.client("route53resolver", region_name=region)
    config = resolver.create_resolver_query_log_config(
        Name="central-dns-query-logs", DestinationArn=destination, CreatorRequestId=f"demo-{region}"
    )["ResolverQueryLogConfig"]
    for vpc in session.client("ec2", region_name=region).describe_vpcs()["Vpcs"]:
        resolver.associate_resolver_query_log_config(
            ResolverQueryLogConfigId=config["Id"], ResourceId=vpc["VpcId"]
        )


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


def _direct_connect(session: Any, account_id: str, region: str, name: str, *, macsec: bool) -> None:
    from moto.directconnect.enums import PortEncryptionStatusType
    from moto.directconnect.models import directconnect_backends

    connection = session.client("directconnect", region_name=region).create_connection(
        location="EqLD5", bandwidth="10Gbps", connectionName=name, requestMACSec=macsec
    )
    if macsec:  # the CKN/CAK is associated and the MACsec session with the customer router is up
        model = directconnect_backends[account_id][region].connections[connection["connectionId"]]
        model.port_encryption_status = PortEncryptionStatusType.UP
