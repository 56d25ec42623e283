"""EC2 security group exposure: no security group opens administration or database ports to the whole
internet.

Every security group is judged, attached or not, as AWS Config's restricted-ssh rule (resource type
AWS::EC2::SecurityGroup) does, because an unattached group that admits the internet opens the port the moment
someone attaches it. The message says which network interfaces use a failing group, so the ones in use can be
fixed first. A group another account owns and shares with this one is judged in its owner's account."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from checks._lib.applicability import owned_elsewhere
from scanner.checkapi import Scope, check
from scanner.facts import AWS_OWNER
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

# "-1" is every protocol (and so every port); TCP and UDP may be given by name or number.
TCP_OR_ALL = frozenset({"-1", "tcp", "6"})
TCP_UDP_OR_ALL = TCP_OR_ALL | {"udp", "17"}


@dataclass(frozen=True)
class PortSet:
    """Ports of interest (port -> what listens there), the protocols that reach them, and a name for both."""

    ports: Mapping[int, str]
    protocols: frozenset[str]
    label: str


# SSH and RDP, the remote administration ports the seed names (003 L1936, L1969), over TCP, UDP (RDP has a
# UDP transport) or all traffic, as the CIS AWS Foundations Benchmark's remote-administration recommendation
# counts them.
ADMIN_PORTS = PortSet({22: "SSH", 3389: "RDP"}, TCP_UDP_OR_ALL, "administration (SSH/RDP)")

# Default listener ports of the database engines AWS runs as managed services (RDS, Aurora, Redshift,
# ElastiCache, OpenSearch, DocumentDB), as listed in the research digest (seed-digest §2.9,
# `ec2.sg_no_public_db_ports`, list marked K: our own knowledge of each engine's default port).
DATABASE_PORTS = PortSet(
    {
        1433: "SQL Server",
        1521: "Oracle",
        3306: "MySQL/MariaDB",
        5432: "PostgreSQL",
        5439: "Redshift",
        6379: "Redis/Valkey",
        9200: "OpenSearch/Elasticsearch",
        11211: "Memcached",
        27017: "MongoDB/DocumentDB",
    },
    TCP_OR_ALL,
    "database",
)


def is_whole_internet(cidr: str) -> bool:
    """True for 0.0.0.0/0 and ::/0 (in any spelling, such as ::0/0): a range with a zero-length prefix."""
    try:
        return ipaddress.ip_network(cidr, strict=False).prefixlen == 0
    except ValueError:
        return False


@dataclass(frozen=True)
class OpenPort:
    """One port of interest that an inbound rule opens to the whole internet."""

    port: int
    service: str
    source: str
    rule: str


def _rule_label(permission: Mapping[str, Any]) -> str:
    protocol = str(permission.get("IpProtocol", "?"))
    if protocol == "-1":
        return "all traffic"
    low, high = permission.get("FromPort"), permission.get("ToPort")
    ports = f"{low}" if low == high else f"{low}-{high}"
    return f"{protocol} {ports}"


def _covers(permission: Mapping[str, Any], port: int, protocols: frozenset[str]) -> bool:
    protocol = str(permission.get("IpProtocol", "")).lower()
    if protocol not in protocols:
        return False
    low, high = permission.get("FromPort"), permission.get("ToPort")
    if protocol == "-1" or low is None or high is None or low == -1:
        return True  # no port range: every port
    return int(low) <= port <= int(high)


@dataclass(frozen=True)
class Sources:
    """The sources of one rule that are the whole internet, and the prefix lists it names that were not
    collected (their entries, and so the rule's reach, are unknown)."""

    internet: list[str]
    unresolved: list[str]


def _rule_sources(permission: Mapping[str, Any], prefix_lists: Mapping[str, Item]) -> Sources:
    ipv4 = [r.get("CidrIp", "") for r in permission.get("IpRanges") or []]
    ipv6 = [r.get("CidrIpv6", "") for r in permission.get("Ipv6Ranges") or []]
    internet = [cidr for cidr in (*ipv4, *ipv6) if is_whole_internet(cidr)]
    unresolved: list[str] = []
    for reference in permission.get("PrefixListIds") or []:
        prefix_list_id = str(reference.get("PrefixListId", "?"))
        prefix_list = prefix_lists.get(prefix_list_id)
        if prefix_list is None:
            unresolved.append(prefix_list_id)
        elif prefix_list.data.get("OwnerId") != AWS_OWNER:  # AWS-managed lists hold AWS service ranges only
            entries = prefix_list["Entries"] or []
            internet.extend(
                f"{prefix_list_id} ({prefix_list.name}: {e.get('Cidr')})"
                for e in entries
                if is_whole_internet(str(e.get("Cidr", "")))
            )
    return Sources(internet, unresolved)


def prefix_lists_by_id(scope: Scope) -> dict[str, Item]:
    return {str(p.data.get("PrefixListId")): p for p in scope.items("ec2.managed-prefix-lists")}


@dataclass(frozen=True)
class Exposure:
    """What the inbound rules of a group open to the internet, and what could not be told."""

    open_ports: list[OpenPort]
    unresolved: list[str]


def ports_open_to_internet(group: Item, ports: PortSet, prefix_lists: Mapping[str, Item]) -> Exposure:
    """The ports of the set that an inbound rule of the group opens to 0.0.0.0/0 or ::/0 (directly or through
    a customer-managed prefix list holding such an entry), over one of the set's protocols, by a single port
    or a range covering it; and the prefix lists named by such rules that were not collected."""
    found: list[OpenPort] = []
    unresolved: list[str] = []
    for permission in group.data.get("IpPermissions") or []:
        covered = [
            (p, service) for p, service in ports.ports.items() if _covers(permission, p, ports.protocols)
        ]
        if not covered:
            continue
        sources = _rule_sources(permission, prefix_lists)
        unresolved.extend(sources.unresolved)
        for port, service in covered:
            found.extend(OpenPort(port, service, s, _rule_label(permission)) for s in sources.internet)
    return Exposure(found, list(dict.fromkeys(unresolved)))


def _attachment_note(group: Item) -> str:
    interfaces = group.data.get("AttachedNetworkInterfaces") or []
    if not interfaces:
        return "not attached to any network interface (it opens the ports as soon as it is attached)"
    names = ", ".join(str(i.get("NetworkInterfaceId")) for i in interfaces[:5])
    more = f" and {len(interfaces) - 5} more" if len(interfaces) > 5 else ""
    return f"attached to {len(interfaces)} network interface(s): {names}{more}"


def _describe(openings: Iterable[OpenPort]) -> str:
    by_port: dict[tuple[int, str], list[str]] = {}
    for opening in openings:
        by_port.setdefault((opening.port, opening.service), []).append(f"{opening.source} ({opening.rule})")
    return "; ".join(
        f"{service} {port} from {', '.join(dict.fromkeys(sources))}"
        for (port, service), sources in sorted(by_port.items())
    )


def _judge_group(group: Item, scope: Scope, ports: PortSet) -> Result:
    what = ports.label
    label = f"security group {group.name} in VPC {group.data.get('VpcId', '?')}"
    shared = owned_elsewhere(group, scope, group.data.get("OwnerId"), label)
    if shared is not None:
        return shared
    if "IpPermissions" not in group.data:
        return scope.on_item(group, Status.ERROR, f"not evaluated: {label} reports no inbound rules field")
    exposure = ports_open_to_internet(group, ports, prefix_lists_by_id(scope))
    openings = exposure.open_ports
    if not openings and exposure.unresolved:
        return scope.on_item(
            group,
            Status.ERROR,
            f"not evaluated: {label} admits prefix list(s) {', '.join(exposure.unresolved)} to a {what} "
            "port, and their entries were not among the collected prefix lists",
        )
    if not openings:
        return scope.passed(group, f"{label} opens no {what} port to 0.0.0.0/0 or ::/0")
    return scope.failed(
        group,
        f"{label} admits the internet to {_describe(openings)}; {_attachment_note(group)}",
        details={
            "open_ports": sorted({o.port for o in openings}),
            "attached_network_interfaces": len(group.data.get("AttachedNetworkInterfaces") or []),
        },
    )


@check(
    id="ec2.security-group.no-public-admin-ports",
    title="No security group admits the internet to SSH (22) or RDP (3389)",
    for_each="ec2.security-groups",
    uses=("ec2.managed-prefix-lists",),
    severity=Severity.HIGH,
    rationale="SSH and RDP open to 0.0.0.0/0 are scanned and brute-forced within minutes; administration "
    "should go through Session Manager or a bastion reachable only from known networks.",
    remediation="Remove the inbound rules that allow 0.0.0.0/0 or ::/0 to port 22 or 3389 (including "
    "all-traffic rules and port ranges that cover them); use Systems Manager Session Manager instead, or "
    "limit the source to the corporate network's ranges.",
)
def no_public_admin_ports(group: Item, scope: Scope) -> Result:
    """PASS when no inbound rule of the security group admits 0.0.0.0/0 or ::/0 to port 22 or 3389 over TCP or
    UDP, whether by that port, by a port range covering it or by an all-traffic rule, directly or through a
    customer-managed prefix list with such an entry. Every group is judged, attached or not. A rule naming a
    prefix list whose entries were not collected is an ERROR; other security groups as sources, and
    AWS-managed prefix lists (AWS service ranges), are not the internet."""
    return _judge_group(group, scope, ADMIN_PORTS)


@check(
    id="ec2.security-group.no-public-database-ports",
    title="No security group admits the internet to common database ports",
    for_each="ec2.security-groups",
    uses=("ec2.managed-prefix-lists",),
    severity=Severity.HIGH,
    rationale="A database listener reachable from anywhere is one leaked or weak password away from a data "
    "breach; databases belong in private subnets, reachable only from the application tier.",
    remediation="Remove the inbound rules that allow 0.0.0.0/0 or ::/0 to the database port and allow only "
    "the application's security groups (or private ranges) instead.",
)
def no_public_database_ports(group: Item, scope: Scope) -> Result:
    """PASS when no inbound rule of the security group admits 0.0.0.0/0 or ::/0 over TCP (or all traffic)
    to a default database port: 1433 SQL Server, 1521 Oracle, 3306 MySQL/MariaDB, 5432 PostgreSQL, 5439
    Redshift, 6379 Redis/Valkey, 9200 OpenSearch, 11211 Memcached, 27017 MongoDB/DocumentDB (the research
    digest's list of the managed engines' default ports), directly or through a customer-managed prefix list.
    Every group is judged, attached or not; prefix lists are treated as for the SSH/RDP check."""
    return _judge_group(group, scope, DATABASE_PORTS)
