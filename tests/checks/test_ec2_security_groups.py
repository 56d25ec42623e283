"""EC2 security group checks: no administration or database port open to the whole internet."""

from __future__ import annotations

from typing import Any

import pytest

from checks.ec2_security_groups import is_whole_internet, no_public_admin_ports, no_public_database_ports
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

WORLD = [{"CidrIp": "0.0.0.0/0"}]


WORLD_V6 = [{"CidrIpv6": "::/0"}]


def rule(protocol: str, low: int | None = None, high: int | None = None, **sources: Any) -> dict[str, Any]:
    permission: dict[str, Any] = {"IpProtocol": protocol, **sources}
    if low is not None:
        permission |= {"FromPort": low, "ToPort": high if high is not None else low}
    return permission


def group(*inbound: dict[str, Any], attached: int = 1, group_id: str = "sg-1") -> Item:
    interfaces = [{"NetworkInterfaceId": f"eni-{n}", "InterfaceType": "interface"} for n in range(attached)]
    data = {
        "GroupId": group_id,
        "GroupName": "web",
        "VpcId": "vpc-1",
        "IpPermissions": list(inbound),
        "AttachedNetworkInterfaces": interfaces,
    }
    return item(f"arn:aws:ec2:{REGION}:{ACCOUNT}:security-group/{group_id}", data, name=f"web ({group_id})")


def prefix_list(prefix_list_id: str, owner: str, *cidrs: str) -> Item:
    data: dict[str, Any] = {"PrefixListId": prefix_list_id, "PrefixListName": "vendors", "OwnerId": owner}
    if owner != "AWS":
        data["Entries"] = [{"Cidr": cidr} for cidr in cidrs]
    return item(f"arn:aws:ec2:{REGION}:{owner}:prefix-list/{prefix_list_id}", data, name="vendors")


def groups(*items: Item, prefix_lists: tuple[Item, ...] = ()) -> InventoryBuilder:
    return (
        InventoryBuilder()
        .add("ec2.security-groups", list(items))
        .add("ec2.managed-prefix-lists", list(prefix_lists))
    )


@pytest.mark.parametrize(
    "cidr,expected",
    [("0.0.0.0/0", True), ("::/0", True), ("::0/0", True), ("10.0.0.0/8", False), ("nonsense", False)],
)
def test_only_a_zero_length_prefix_is_the_whole_internet(cidr: str, expected: bool) -> None:
    assert is_whole_internet(cidr) is expected


@pytest.mark.parametrize(
    "inbound",
    [
        rule("tcp", 22, IpRanges=WORLD),
        rule("tcp", 3389, IpRanges=WORLD),
        rule("tcp", 22, IpRanges=[{"CidrIp": "10.0.0.0/8"}], Ipv6Ranges=WORLD_V6),
        rule("-1", IpRanges=WORLD),
        rule("tcp", 0, 65535, IpRanges=WORLD),
        rule("6", 20, 25, IpRanges=WORLD),
        rule("udp", 3389, IpRanges=WORLD),
    ],
)
def test_admin_ports_open_to_the_internet_fail(inbound: dict[str, Any]) -> None:
    [result] = run_check(no_public_admin_ports, groups(group(inbound)))
    assert result.status is Status.FAIL and "admits the internet to" in result.message
    assert "eni-0" in result.message and result.evidence


@pytest.mark.parametrize(
    "inbound",
    [
        rule("tcp", 22, IpRanges=[{"CidrIp": "10.0.0.0/8"}]),
        rule("tcp", 443, IpRanges=WORLD, Ipv6Ranges=WORLD_V6),
        rule("icmp", -1, IpRanges=WORLD),
        rule("tcp", 23, 3388, IpRanges=WORLD),
        rule("-1", UserIdGroupPairs=[{"GroupId": "sg-2"}]),
    ],
)
def test_rules_that_do_not_open_admin_ports_to_the_internet_pass(inbound: dict[str, Any]) -> None:
    [result] = run_check(no_public_admin_ports, groups(group(inbound)))
    assert result.status is Status.PASS and "opens no administration (SSH/RDP) port" in result.message


def test_an_unattached_group_fails_too_and_says_so() -> None:
    [result] = run_check(no_public_admin_ports, groups(group(rule("tcp", 22, IpRanges=WORLD), attached=0)))
    assert result.status is Status.FAIL and "not attached to any network interface" in result.message
    assert result.details == {"open_ports": [22], "attached_network_interfaces": 0}


def test_prefix_lists_are_resolved_to_their_entries() -> None:
    ssh_from = group(rule("tcp", 22, PrefixListIds=[{"PrefixListId": "pl-1"}]))
    open_list = prefix_list("pl-1", ACCOUNT, "203.0.113.0/24", "0.0.0.0/0")
    [result] = run_check(no_public_admin_ports, groups(ssh_from, prefix_lists=(open_list,)))
    assert result.status is Status.FAIL and "pl-1 (vendors: 0.0.0.0/0)" in result.message
    narrow_list = prefix_list("pl-1", ACCOUNT, "203.0.113.0/24")
    assert statuses(run_check(no_public_admin_ports, groups(ssh_from, prefix_lists=(narrow_list,)))) == [
        "PASS"
    ]
    aws_managed = prefix_list("pl-1", "AWS")
    assert statuses(run_check(no_public_admin_ports, groups(ssh_from, prefix_lists=(aws_managed,)))) == [
        "PASS"
    ]
    [unknown] = run_check(no_public_admin_ports, groups(ssh_from))
    assert unknown.status is Status.ERROR and "pl-1" in unknown.message
    https_from = group(rule("tcp", 443, PrefixListIds=[{"PrefixListId": "pl-1"}]))
    assert statuses(run_check(no_public_admin_ports, groups(https_from))) == ["PASS"]


def test_a_group_shared_by_another_account_is_judged_there() -> None:
    shared = group(rule("tcp", 22, IpRanges=WORLD))
    shared = item(shared.resource_id, {**shared.data, "OwnerId": "222222222222"})
    [result] = run_check(no_public_admin_ports, groups(shared))
    assert result.status is Status.NOT_APPLICABLE and "222222222222" in result.message


def test_admin_ports_error_when_groups_or_their_rules_cannot_be_read() -> None:
    denied = InventoryBuilder().unavailable("ec2.security-groups", ACCESS_DENIED)
    assert statuses(run_check(no_public_admin_ports, denied)) == ["ERROR"]
    lists_denied = InventoryBuilder().add("ec2.security-groups", [group()])
    lists_denied.unavailable("ec2.managed-prefix-lists", ACCESS_DENIED)
    assert statuses(run_check(no_public_admin_ports, lists_denied)) == ["ERROR"]
    no_rules = item(f"arn:aws:ec2:{REGION}:{ACCOUNT}:security-group/sg-9", {"GroupId": "sg-9"})
    assert statuses(run_check(no_public_admin_ports, groups(no_rules))) == ["ERROR"]


def test_database_ports_fail_per_port_and_range_and_pass_when_private() -> None:
    postgres = group(rule("tcp", 5432, IpRanges=WORLD))
    [result] = run_check(no_public_database_ports, groups(postgres))
    assert result.status is Status.FAIL and "PostgreSQL 5432 from 0.0.0.0/0" in result.message
    wide = group(rule("tcp", 1000, 10000, Ipv6Ranges=WORLD_V6))
    [result] = run_check(no_public_database_ports, groups(wide))
    assert result.status is Status.FAIL
    assert result.details["open_ports"] == [1433, 1521, 3306, 5432, 5439, 6379, 9200]
    udp_only = group(rule("udp", 0, 65535, IpRanges=WORLD))
    assert statuses(run_check(no_public_database_ports, groups(udp_only))) == ["PASS"]
    private = group(rule("tcp", 5432, IpRanges=[{"CidrIp": "10.20.0.0/16"}]), rule("tcp", 22, IpRanges=WORLD))
    assert statuses(run_check(no_public_database_ports, groups(private))) == ["PASS"]
    denied = InventoryBuilder().unavailable("ec2.security-groups", ACCESS_DENIED)
    assert statuses(run_check(no_public_database_ports, denied)) == ["ERROR"]
