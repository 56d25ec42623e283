"""VPC checks."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.checkapi import Scope, check
from scanner.model import Result, Severity


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
    endpoints = [
        e
        for e in scope.items("ec2.vpc-endpoints")
        if str(e.data.get("ServiceName", "")).endswith(".athena")
        and e.data.get("VpcEndpointType", "Interface") == "Interface"
        and str(e.data.get("State", "")).lower() == "available"
    ]
    for vpc in scope.items("ec2.vpcs"):
        vpc_id = vpc.data["VpcId"]
        default = " (the default VPC)" if vpc.data.get("IsDefault") else ""
        match = next((e for e in endpoints if e.data.get("VpcId") == vpc_id), None)
        if match is None:
            yield scope.failed(vpc, f"VPC {vpc_id}{default} has no available Athena interface endpoint")
        else:
            yield scope.passed(
                vpc, f"VPC {vpc_id}{default} uses Athena endpoint {match.name}", evidence=match.evidence
            )
