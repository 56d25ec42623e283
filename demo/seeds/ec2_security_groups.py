"""Demo: network exposure through security groups. tenant-a keeps its web tier public on 443 only, its
database reachable only from that tier and SSH open only to its support vendors' prefix list; tenant-b runs a
bastion with SSH open to the internet and a reporting database security group open on MySQL; shared-services
has a forgotten, unattached RDP group open to IPv6 in its default VPC."""

from __future__ import annotations

from typing import Any

from demo.seeds._lib.network import workload_vpc
from demo.world import HOME, DemoWorld

AFTER = ("vpc",)  # the groups sit in the tenants' workload VPCs

WORLD_V4 = [{"CidrIp": "0.0.0.0/0"}]
WORLD_V6 = [{"CidrIpv6": "::/0"}]


def seed(world: DemoWorld) -> None:
    _tenant_a(world)
    _tenant_b(world)
    _shared_services(world)


def _tcp(port: int, **sources: Any) -> dict[str, Any]:
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, **sources}


def _group(ec2: Any, vpc_id: str, name: str, description: str, *inbound: dict[str, Any]) -> str:
    created = ec2.create_security_group(GroupName=name, Description=description, VpcId=vpc_id)
    group_id: str = created["GroupId"]
    if inbound:
        ec2.authorize_security_group_ingress(GroupId=group_id, IpPermissions=list(inbound))
    return group_id


def _attach(ec2: Any, vpc_id: str, cidr: str, description: str, *group_ids: str) -> None:
    """A network interface in a new subnet of the VPC, standing for the instance that uses the groups."""
    subnet = ec2.create_subnet(VpcId=vpc_id, CidrBlock=cidr)["Subnet"]["SubnetId"]
    ec2.create_network_interface(SubnetId=subnet, Groups=list(group_ids), Description=description)


def _tenant_a(world: DemoWorld) -> None:
    ec2 = world.sessions["tenant-a"].client("ec2", region_name=HOME)
    vpc_id = workload_vpc(ec2, "tenant-a")
    web = _group(ec2, vpc_id, "web", "public HTTPS", _tcp(443, IpRanges=WORLD_V4, Ipv6Ranges=WORLD_V6))
    from_web = _tcp(5432, UserIdGroupPairs=[{"GroupId": web}])
    database = _group(ec2, vpc_id, "ledger-db", "PostgreSQL from the web tier", from_web)
    _attach(ec2, vpc_id, "10.20.8.0/24", "web tier", web)
    _attach(ec2, vpc_id, "10.20.9.0/24", "ledger database", database)
    vendors = ec2.create_managed_prefix_list(
        PrefixListName="support-vendors",
        MaxEntries=5,
        AddressFamily="IPv4",
        Entries=[{"Cidr": "198.51.100.0/24", "Description": "support vendor VPN egress"}],
    )["PrefixList"]["PrefixListId"]
    vendor_ssh = _tcp(22, PrefixListIds=[{"PrefixListId": vendors}])
    _group(ec2, vpc_id, "vendor-ssh", "SSH from the support vendors only", vendor_ssh)


def _tenant_b(world: DemoWorld) -> None:
    ec2 = world.sessions["tenant-b"].client("ec2", region_name=HOME)
    vpc_id = workload_vpc(ec2, "tenant-b")
    bastion = _group(ec2, vpc_id, "legacy-bastion", "SSH for the vendor", _tcp(22, IpRanges=WORLD_V4))
    reporting = _group(ec2, vpc_id, "reporting-db", "MySQL for the BI tool", _tcp(3306, IpRanges=WORLD_V4))
    _attach(ec2, vpc_id, "10.20.8.0/24", "bastion host", bastion)
    _attach(ec2, vpc_id, "10.20.9.0/24", "reporting database", reporting)


def _shared_services(world: DemoWorld) -> None:
    ec2 = world.sessions["shared-services"].client("ec2", region_name=HOME)
    [default_vpc] = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]
    _group(ec2, default_vpc["VpcId"], "temp-rdp", "troubleshooting, remove", _tcp(3389, Ipv6Ranges=WORLD_V6))
