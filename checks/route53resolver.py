"""Route 53 Resolver checks: every VPC logs its DNS queries. A VPC another account shares with this one is
judged in its owner's account."""

from __future__ import annotations

from collections.abc import Iterator

from checks._lib.applicability import owned_elsewhere
from checks.vpc import vpc_label
from scanner.checkapi import Scope, check
from scanner.model import Result, Severity


@check(
    id="route53resolver.vpc.query-logging",
    title="Every VPC logs its DNS queries through Route 53 Resolver query logging",
    uses=("ec2.vpcs", "route53resolver.query-log-associations"),
    severity=Severity.MEDIUM,
    rationale="DNS query logs show which domains each workload resolved: the trail investigators follow for "
    "command-and-control callbacks and data exfiltration over DNS, which flow logs alone do not show.",
    remediation="Associate the VPC with a query logging configuration (usually one the networking or "
    "log-archive account shares through AWS RAM) delivering to the central log archive, and fix any "
    "association in a failed state.",
)
def vpc_query_logging(scope: Scope) -> Iterator[Result]:
    """PASS for a VPC this account owns that has a Route 53 Resolver query logging association in status
    ACTIVE. No association, or only associations that are creating, failed, need action or are being deleted,
    is a FAIL. A VPC another account shares with this one is not applicable (its owner associates it)."""
    associations = scope.items("route53resolver.query-log-associations")
    for vpc in scope.items("ec2.vpcs"):
        shared = owned_elsewhere(vpc, scope, vpc.data.get("OwnerId"), vpc_label(vpc))
        if shared is not None:
            yield shared
            continue
        own = [a for a in associations if a.data.get("ResourceId") == vpc.data["VpcId"]]
        active = next((a for a in own if str(a.data.get("Status", "")).upper() == "ACTIVE"), None)
        if active is not None:
            yield scope.passed(
                vpc,
                f"{vpc_label(vpc)} logs DNS queries to query logging configuration "
                f"{active.data.get('ResolverQueryLogConfigId')}",
                evidence=active.evidence,
            )
        elif own:
            found = "; ".join(
                f"{a.data.get('ResolverQueryLogConfigId')}: {a.data.get('Status')}"
                + (f" ({a.data['Error']})" if a.data.get("Error") not in (None, "NONE") else "")
                for a in own
            )
            yield scope.failed(
                vpc,
                f"{vpc_label(vpc)} has no active query logging association ({found})",
                evidence=[d for a in own for d in a.evidence],
            )
        else:
            yield scope.failed(vpc, f"{vpc_label(vpc)} is not associated with a query logging configuration")
