"""VPC checks: private service endpoints, flow logs on every VPC, and closed default security groups."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from scanner.checkapi import Scope, check
from scanner.inventory import AspectUnavailable, Item
from scanner.model import Result, Severity, Status


def vpc_label(vpc: Item) -> str:
    default = " (the default VPC)" if vpc.data.get("IsDefault") else ""
    return f"VPC {vpc.data['VpcId']}{default}"


def _available(endpoint: Item) -> bool:
    return str(endpoint.data.get("State", "")).lower() == "available"


def _each_vpc_with_endpoint(
    scope: Scope, serves: Callable[[Item], bool], missing: str, using: str
) -> Iterator[Result]:
    """One result per VPC of the scope: PASS when one of its endpoints `serves`, else FAIL."""
    endpoints = [e for e in scope.items("ec2.vpc-endpoints") if serves(e)]
    for vpc in scope.items("ec2.vpcs"):
        match = next((e for e in endpoints if e.data.get("VpcId") == vpc.data["VpcId"]), None)
        if match is None:
            yield scope.failed(vpc, f"{vpc_label(vpc)} has no {missing}")
        else:
            yield scope.passed(vpc, f"{vpc_label(vpc)} uses {using} {match.name}", evidence=match.evidence)


def _serves_athena(endpoint: Item) -> bool:
    return (
        str(endpoint.data.get("ServiceName", "")).endswith(".athena")
        and endpoint.data.get("VpcEndpointType", "Interface") == "Interface"
        and _available(endpoint)
    )


def _serves_s3(endpoint: Item) -> bool:
    """An available S3 interface endpoint, or an available S3 gateway endpoint that is in at least one route
    table (a gateway endpoint carries traffic only for the subnets whose route tables point at it)."""
    if not str(endpoint.data.get("ServiceName", "")).endswith(".s3") or not _available(endpoint):
        return False
    kind = endpoint.data.get("VpcEndpointType")
    return kind == "Interface" or (kind == "Gateway" and bool(endpoint.data.get("RouteTableIds")))


@check(
    id="vpc.endpoint.athena",
    title="Each VPC reaches Athena through an interface endpoint",
    uses=("ec2.vpcs", "ec2.vpc-endpoints"),
    severity=Severity.MEDIUM,
    rationale="An interface endpoint keeps Athena traffic on the AWS network and lets endpoint policies and "
    "aws:SourceVpce conditions restrict access.",
    remediation="Create an interface VPC endpoint for com.amazonaws.<region>.athena in the VPC, with private "
    "DNS enabled.",
)
def vpc_has_athena_endpoint(scope: Scope) -> Iterator[Result]:
    """PASS for a VPC that has an available interface endpoint for the regional Athena service."""
    yield from _each_vpc_with_endpoint(
        scope, _serves_athena, "available Athena interface endpoint", "Athena endpoint"
    )


@check(
    id="vpc.endpoint.s3",
    title="Each VPC reaches S3 through a gateway or interface endpoint",
    uses=("ec2.vpcs", "ec2.vpc-endpoints"),
    severity=Severity.MEDIUM,
    rationale="Athena clients read and write S3 (data, query results); an S3 endpoint keeps that traffic off "
    "the internet and makes aws:SourceVpc / aws:SourceVpce bucket-policy conditions enforceable.",
    remediation="Create a gateway VPC endpoint for com.amazonaws.<region>.s3 associated with the VPC's route "
    "tables (or an S3 interface endpoint), with an endpoint policy limited to the organization's buckets.",
)
def vpc_has_s3_endpoint(scope: Scope) -> Iterator[Result]:
    """PASS for a VPC that has an available S3 gateway endpoint associated with at least one route table, or
    an available S3 interface endpoint. Every VPC is in scope, as for the Athena endpoint: the inventory
    does not say which VPCs host data workloads, and leaving one out would hide a gap."""
    yield from _each_vpc_with_endpoint(
        scope,
        _serves_s3,
        "available S3 endpoint (a gateway endpoint in a route table, or an interface endpoint)",
        "S3 endpoint",
    )


def _complete_flow_log(flow_log: Item) -> bool:
    return (
        str(flow_log.data.get("FlowLogStatus", "")).upper() == "ACTIVE"
        and str(flow_log.data.get("TrafficType", "")).upper() == "ALL"
        and str(flow_log.data.get("DeliverLogsStatus", "SUCCESS")).upper() != "FAILED"
    )


@check(
    id="vpc.flow-logs",
    title="Every VPC has an active flow log capturing all traffic",
    uses=("ec2.vpcs", "ec2.flow-logs"),
    severity=Severity.MEDIUM,
    rationale="Flow logs are the network record investigators need after an incident (which host talked to "
    "which address); without them a VPC's traffic leaves no trace.",
    remediation="Create a flow log on the VPC with traffic type ALL, delivered to the central logging "
    "account's bucket (or a CloudWatch Logs group with retention), and fix any delivery error.",
)
def vpc_flow_logs(scope: Scope) -> Iterator[Result]:
    """PASS for a VPC that has a flow log on the VPC itself whose status is ACTIVE, whose traffic type is
    ALL (accepted and rejected) and whose delivery has not failed. Flow logs on only some subnets or network
    interfaces do not count."""
    flow_logs = scope.items("ec2.flow-logs")
    for vpc in scope.items("ec2.vpcs"):
        own = [f for f in flow_logs if f.data.get("ResourceId") == vpc.data["VpcId"]]
        complete = next((f for f in own if _complete_flow_log(f)), None)
        if complete is not None:
            where = complete.data.get("LogDestination") or complete.data.get("LogGroupName") or "?"
            yield scope.passed(
                vpc,
                f"{vpc_label(vpc)} has active flow log {complete.name} (ALL traffic) to {where}",
                evidence=complete.evidence,
            )
        elif own:
            found = "; ".join(
                f"{f.name}: {f.data.get('FlowLogStatus')}, {f.data.get('TrafficType')} traffic, delivery "
                f"{f.data.get('DeliverLogsStatus', 'unknown')}"
                for f in own
            )
            yield scope.failed(
                vpc,
                f"{vpc_label(vpc)} has no active flow log of ALL traffic ({found})",
                evidence=[d for f in own for d in f.evidence],
            )
        else:
            yield scope.failed(vpc, f"{vpc_label(vpc)} has no flow log")


@check(
    id="vpc.default-security-group-closed",
    title="The default security group of every VPC has no rules",
    for_each="ec2.default-security-groups",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="Resources launched without an explicit security group land in the default one; with its "
    "default rules they can talk to each other and to the internet without anyone having decided so.",
    remediation="Remove every inbound and outbound rule from the VPC's default security group and attach "
    "purpose-built security groups to resources instead.",
)
def default_security_group_closed(group: Item, scope: Scope) -> Result:
    """PASS when the VPC's default security group has no inbound and no outbound rules."""
    inbound = len(group.data.get("IpPermissions") or [])
    outbound = len(group.data.get("IpPermissionsEgress") or [])
    vpc = group.data.get("VpcId", "?")
    if inbound or outbound:
        return scope.failed(
            group,
            f"default security group {group.data.get('GroupId')} of VPC {vpc} has {inbound} inbound and "
            f"{outbound} outbound rule(s)",
        )
    return scope.passed(
        group, f"default security group {group.data.get('GroupId')} of VPC {vpc} has no rules"
    )


def athena_endpoint_zone(vpc: Item, region: str) -> dict[str, Any] | None:
    """The private hosted zone associated with the VPC that answers for the regional Athena endpoint name
    (how VPCs resolve an interface endpoint a central networking account hosts). Reading the zones may raise
    AspectUnavailable."""
    wanted = f"athena.{region}.amazonaws.com."
    zones: list[dict[str, Any]] = vpc["PrivateHostedZones"]
    return next((z for z in zones if str(z.get("Name", "")).lower() == wanted), None)


@check(
    id="vpc.athena-endpoint-resolves",
    title="Each VPC resolves Athena to a private endpoint, its own or the central one",
    uses=("ec2.vpcs", "ec2.vpc-endpoints"),
    severity=Severity.MEDIUM,
    rationale="Where the networking account hosts the interface endpoints centrally, an application VPC "
    "reaches them only if it is associated with the endpoint's private hosted zone; without that, its "
    "Athena and JDBC/ODBC clients silently resolve the public endpoint.",
    remediation="Associate the VPC with the central private hosted zone for athena.<region>.amazonaws.com "
    "(create-vpc-association-authorization in the networking account, then associate-vpc-with-hosted-zone "
    "here), or create an Athena interface endpoint with private DNS in the VPC.",
)
def athena_endpoint_resolves(scope: Scope) -> Iterator[Result]:
    """PASS for a VPC that has its own available Athena interface endpoint, or is associated with a private
    hosted zone named athena.<region>.amazonaws.com (the central-endpoint design). FAIL when it has neither;
    ERROR when it has no own endpoint and its hosted zone associations could not be read."""
    endpoints = [e for e in scope.items("ec2.vpc-endpoints") if _serves_athena(e)]
    for vpc in scope.items("ec2.vpcs"):
        own = next((e for e in endpoints if e.data.get("VpcId") == vpc.data["VpcId"]), None)
        if own is not None:
            yield scope.passed(
                vpc, f"{vpc_label(vpc)} has its own Athena endpoint {own.name}", evidence=own.evidence
            )
            continue
        try:
            zone = athena_endpoint_zone(vpc, vpc.region)
        except AspectUnavailable as exc:
            yield scope.on_item(
                vpc,
                Status.ERROR,
                f"not evaluated: {vpc_label(vpc)} hosted zones could not be read: {exc.reason}",
            )
            continue
        if zone is None:
            yield scope.failed(
                vpc, f"{vpc_label(vpc)} has no Athena endpoint and no private hosted zone for a central one"
            )
            continue
        owner = (zone.get("Owner") or {}).get("OwningAccount") or "this account"
        through = f"private hosted zone {zone.get('HostedZoneId')} of {owner}"
        yield scope.passed(vpc, f"{vpc_label(vpc)} resolves Athena through {through}")
