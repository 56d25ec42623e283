"""VPC checks: S3 and Athena endpoints, flow logs, and default security groups without rules."""

from __future__ import annotations

from typing import Any

from checks.vpc import (
    athena_endpoint_resolves,
    default_security_group_closed,
    vpc_flow_logs,
    vpc_has_athena_endpoint,
    vpc_has_s3_endpoint,
)
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import (
    ACCESS_DENIED,
    ACCOUNT,
    REGION,
    InventoryBuilder,
    item,
    run_check,
    statuses,
)

VPC_ARN = f"arn:aws:ec2:{REGION}:{ACCOUNT}:vpc/vpc-1"


def vpc(vpc_id: str = "vpc-1", *, default: bool = False) -> Item:
    return item(f"arn:aws:ec2:{REGION}:{ACCOUNT}:vpc/{vpc_id}", {"VpcId": vpc_id, "IsDefault": default})


def endpoint(service: str, kind: str, *, state: str = "available", **extra: Any) -> Item:
    data = {"VpcId": "vpc-1", "ServiceName": service, "VpcEndpointType": kind, "State": state, **extra}
    return item(f"arn:aws:ec2:{REGION}:{ACCOUNT}:vpc-endpoint/vpce-1", data)


def endpoints_inventory(*endpoints: Item) -> InventoryBuilder:
    return InventoryBuilder().add("ec2.vpcs", [vpc()]).add("ec2.vpc-endpoints", list(endpoints))


def test_s3_endpoint_gateway_in_a_route_table_or_interface() -> None:
    s3 = f"com.amazonaws.{REGION}.s3"
    routed = endpoint(s3, "Gateway", RouteTableIds=["rtb-1"])
    [result] = run_check(vpc_has_s3_endpoint, endpoints_inventory(routed))
    assert result.status is Status.PASS and result.resource_id == VPC_ARN and result.evidence
    assert statuses(run_check(vpc_has_s3_endpoint, endpoints_inventory(endpoint(s3, "Interface")))) == [
        "PASS"
    ]
    unrouted = endpoint(s3, "Gateway", RouteTableIds=[])
    [result] = run_check(vpc_has_s3_endpoint, endpoints_inventory(unrouted))
    assert result.status is Status.FAIL and "no available S3 endpoint" in result.message
    pending = endpoint(s3, "Interface", state="pending")
    assert statuses(run_check(vpc_has_s3_endpoint, endpoints_inventory(pending))) == ["FAIL"]
    express = endpoint(f"com.amazonaws.{REGION}.s3express", "Gateway", RouteTableIds=["rtb-1"])
    assert statuses(run_check(vpc_has_s3_endpoint, endpoints_inventory(express))) == ["FAIL"]
    denied = InventoryBuilder().add("ec2.vpcs", [vpc()]).unavailable("ec2.vpc-endpoints", ACCESS_DENIED)
    assert statuses(run_check(vpc_has_s3_endpoint, denied)) == ["ERROR"]


def test_athena_endpoint_keeps_its_behaviour() -> None:
    athena = endpoint(f"com.amazonaws.{REGION}.athena", "Interface")
    [result] = run_check(vpc_has_athena_endpoint, endpoints_inventory(athena))
    assert result.status is Status.PASS and "Athena endpoint vpce-1" in result.message
    gateway_s3 = endpoint(f"com.amazonaws.{REGION}.s3", "Gateway", RouteTableIds=["rtb-1"])
    assert statuses(run_check(vpc_has_athena_endpoint, endpoints_inventory(gateway_s3))) == ["FAIL"]


def flow_log(resource: str = "vpc-1", **overrides: str) -> Item:
    data = {
        "FlowLogId": "fl-1",
        "ResourceId": resource,
        "FlowLogStatus": "ACTIVE",
        "TrafficType": "ALL",
        "DeliverLogsStatus": "SUCCESS",
        "LogDestination": "arn:aws:s3:::central-flow-logs",
        **overrides,
    }
    return item(f"arn:aws:ec2:{REGION}:{ACCOUNT}:vpc-flow-log/fl-1", data)


def flow_inventory(*logs: Item) -> InventoryBuilder:
    return InventoryBuilder().add("ec2.vpcs", [vpc(), vpc("vpc-2", default=True)]).add("ec2.flow-logs", logs)


def test_flow_logs_pass_only_for_active_all_traffic_on_the_vpc() -> None:
    results = run_check(vpc_flow_logs, flow_inventory(flow_log()))
    by_vpc = {r.resource_id.rsplit("/", 1)[-1]: r for r in results}
    assert by_vpc["vpc-1"].status is Status.PASS and "central-flow-logs" in by_vpc["vpc-1"].message
    assert (
        by_vpc["vpc-2"].status is Status.FAIL
        and "(the default VPC) has no flow log" in by_vpc["vpc-2"].message
    )
    for partial in (
        flow_log(TrafficType="REJECT"),
        flow_log(DeliverLogsStatus="FAILED"),
        flow_log(FlowLogStatus="INACTIVE"),
    ):
        first = run_check(vpc_flow_logs, flow_inventory(partial))[0]
        assert first.status is Status.FAIL and "no active flow log of ALL traffic" in first.message
    subnet_only = run_check(vpc_flow_logs, flow_inventory(flow_log("subnet-1")))
    assert statuses(subnet_only) == ["FAIL", "FAIL"]
    denied = InventoryBuilder().add("ec2.vpcs", [vpc()]).unavailable("ec2.flow-logs", ACCESS_DENIED)
    assert statuses(run_check(vpc_flow_logs, denied)) == ["ERROR"]


def default_group(inbound: list[Any], outbound: list[Any]) -> Item:
    data = {"GroupId": "sg-1", "VpcId": "vpc-1", "IpPermissions": inbound, "IpPermissionsEgress": outbound}
    return item(f"arn:aws:ec2:{REGION}:{ACCOUNT}:security-group/sg-1", data)


def test_default_security_group_must_have_no_rules() -> None:
    closed = InventoryBuilder().add("ec2.default-security-groups", [default_group([], [])])
    assert statuses(run_check(default_security_group_closed, closed)) == ["PASS"]
    everything_out = [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
    aws_default = InventoryBuilder().add(
        "ec2.default-security-groups", [default_group([{"IpProtocol": "-1"}], everything_out)]
    )
    [result] = run_check(default_security_group_closed, aws_default)
    assert result.status is Status.FAIL and "1 inbound and 1 outbound" in result.message
    denied = InventoryBuilder().unavailable("ec2.default-security-groups", ACCESS_DENIED)
    assert statuses(run_check(default_security_group_closed, denied)) == ["ERROR"]


def spoke(zones: list[dict[str, Any]] | None) -> InventoryBuilder:
    data = {"VpcId": "vpc-1", "IsDefault": False}
    errors = {"PrivateHostedZones": ACCESS_DENIED} if zones is None else {}
    spoke_vpc = item(
        VPC_ARN, {**data, **({"PrivateHostedZones": zones} if zones is not None else {})}, errors=errors
    )
    return InventoryBuilder().add("ec2.vpcs", [spoke_vpc]).add("ec2.vpc-endpoints", [])


def test_athena_endpoint_resolves_through_own_endpoint_or_central_zone() -> None:
    own = endpoints_inventory(endpoint(f"com.amazonaws.{REGION}.athena", "Interface"))
    assert statuses(run_check(athena_endpoint_resolves, own)) == ["PASS"]
    central = {
        "HostedZoneId": "Z1",
        "Name": f"athena.{REGION}.amazonaws.com.",
        "Owner": {"OwningAccount": "9"},
    }
    [through_zone] = run_check(athena_endpoint_resolves, spoke([central]))
    assert through_zone.status is Status.PASS and "Z1 of 9" in through_zone.message
    other_region = {**central, "Name": "athena.eu-west-2.amazonaws.com."}
    assert statuses(run_check(athena_endpoint_resolves, spoke([other_region]))) == ["FAIL"]
    assert statuses(run_check(athena_endpoint_resolves, spoke([]))) == ["FAIL"]
    assert statuses(run_check(athena_endpoint_resolves, spoke(None))) == ["ERROR"]


def vpc_endpoint(
    vpc_id: str, service: str = f"com.amazonaws.{REGION}.athena", state: str = "available"
) -> object:
    return item(
        f"arn:aws:ec2:{REGION}:{ACCOUNT}:vpc-endpoint/vpce-{vpc_id}",
        {"VpcId": vpc_id, "ServiceName": service, "VpcEndpointType": "Interface", "State": state},
    )


def test_vpc_athena_endpoint() -> None:
    inv = (
        InventoryBuilder()
        .add("ec2.vpcs", [vpc("vpc-1"), vpc("vpc-2"), vpc("vpc-3")])
        .add(
            "ec2.vpc-endpoints",
            [
                vpc_endpoint("vpc-1"),
                vpc_endpoint("vpc-2", service=f"com.amazonaws.{REGION}.s3"),
                vpc_endpoint("vpc-3", state="pendingAcceptance"),
            ],
        )
    )
    by_vpc = {
        r.resource_id.rsplit("/", 1)[-1]: r.status.value for r in run_check(vpc_has_athena_endpoint, inv)
    }
    assert by_vpc == {"vpc-1": "PASS", "vpc-2": "FAIL", "vpc-3": "FAIL"}


def test_vpc_endpoints_unreadable_is_error() -> None:
    inv = InventoryBuilder().add("ec2.vpcs", [vpc("vpc-1")]).unavailable("ec2.vpc-endpoints", ACCESS_DENIED)
    assert statuses(run_check(vpc_has_athena_endpoint, inv)) == ["ERROR"]
