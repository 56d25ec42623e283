"""Amazon EMR Studio checks: studios authenticate through IAM Identity Center, run in private subnets and
keep notebooks in an encrypted default S3 location."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from checks.s3 import bucket_default_encryption
from checks.s3_policy import bucket_of, find_bucket, owner_scope
from scanner.checkapi import Scope, check
from scanner.inventory import AspectUnavailable, Item
from scanner.model import Result, Severity, Status


def internet_gateway_routes(route_table: Mapping[str, Any]) -> list[str]:
    """Destinations the route table sends to an internet gateway (igw-...). A subnet whose route table has
    one is public, AWS's own definition; a NAT gateway or egress-only gateway keeps it private."""
    return [
        str(route.get("DestinationCidrBlock") or route.get("DestinationIpv6CidrBlock") or "?")
        for route in route_table.get("Routes") or []
        if str(route.get("GatewayId", "")).startswith("igw-")
    ]


def _subnet_problems(studio: Item, detail: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """(failures, unknowns) for the studio's subnets."""
    subnets = list(detail.get("SubnetIds") or [])
    if not subnets:
        return [], ["the studio lists no subnets"]
    tables: Mapping[str, Any] = studio.get("SubnetRouteTables") or {}
    public = [
        f"{s} (route to an internet gateway for {', '.join(internet_gateway_routes(tables[s]))})"
        for s in subnets
        if s in tables and internet_gateway_routes(tables[s])
    ]
    unknown = [s for s in subnets if s not in tables]
    failures = [f"public subnet(s) {'; '.join(public)}"] if public else []
    return failures, ([f"no route table found for subnet(s) {', '.join(unknown)}"] if unknown else [])


def _location_problems(detail: Mapping[str, Any], scope: Scope) -> tuple[list[str], list[str], list[str]]:
    """(failures, unknowns, evidence) for the studio's default S3 location."""
    location = detail.get("DefaultS3Location")
    name = bucket_of(location)
    if name is None:
        return [f"default location {location or 'none'} is not an S3 bucket"], [], []
    found = find_bucket(scope, name)
    if found is None:
        return [], [f"bucket {name} is in no bucket inventory this scan could read"], []
    try:
        verdict = bucket_default_encryption(found.bucket, owner_scope(scope, found.owner))
    except AspectUnavailable as exc:
        return [], [f"encryption of bucket {name} could not be read: {exc.reason}"], []
    if verdict.status is Status.FAIL:
        return [f"default location bucket {name}: {verdict.message}"], [], list(verdict.evidence)
    return [], [], list(verdict.evidence)


@check(
    id="emr.studio.hardened",
    title="EMR Studios use IAM Identity Center, private subnets and an encrypted default location",
    for_each="emr.studios",
    uses=("s3.buckets",),
    severity=Severity.HIGH,
    rationale="A studio runs notebooks against clusters holding regulated data: IAM Identity Center ties "
    "each session to a person in the workforce directory, private subnets keep workspaces off the internet, "
    "and the default S3 location stores notebooks and their output, which must be encrypted.",
    remediation="Create studios with AuthMode SSO (an IAM-mode studio cannot be changed: recreate it), in "
    "subnets whose route tables have no internet gateway route (reach the internet through a NAT gateway if "
    "needed), with a default S3 location in a bucket with default encryption (SSE-KMS for regulated data).",
)
def studio_hardened(studio: Item, scope: Scope) -> Result:
    """PASS when DescribeStudio shows AuthMode SSO, every subnet's route table (its explicit association, else
    the VPC's main table) has no route to an internet gateway, and the DefaultS3Location bucket passes
    s3.bucket.default-encryption in the account that owns it. FAIL when any of these does not hold; otherwise
    ERROR when a subnet's route table or the bucket (in no scanned inventory, or its encryption unreadable)
    is unknown."""
    detail: Mapping[str, Any] = studio["Studio"]
    failures: list[str] = []
    auth = detail.get("AuthMode")
    if auth != "SSO":
        failures.append(f"authentication mode is {auth or 'unknown'}, not SSO (IAM Identity Center)")
    subnet_failures, unknowns = _subnet_problems(studio, detail)
    location_failures, location_unknowns, evidence = _location_problems(detail, scope)
    failures += subnet_failures + location_failures
    unknowns += location_unknowns
    if failures:
        return scope.failed(studio, "; ".join(failures), evidence=evidence)
    if unknowns:
        return scope.on_item(studio, Status.ERROR, f"not evaluated: {'; '.join(unknowns)}", evidence=evidence)
    return scope.passed(
        studio,
        f"SSO authentication, {len(detail.get('SubnetIds') or [])} private subnet(s), default location "
        f"{detail.get('DefaultS3Location')} encrypted",
        evidence=evidence,
    )
