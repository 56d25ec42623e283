"""The ECS container instance fleet: hosts run a recently built AMI (CIS Docker 1.2.1 and 1.2.2 on AWS)."""

from __future__ import annotations

from checks._lib.dates import as_datetime
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

# The oldest AMI a container instance may run, in days from the AMI's creation to the time of the scan.
AMI_MAX_AGE_DAYS = 90


@check(
    id="ecs.container-instance.ami-age",
    title="ECS container instances run a recently built AMI",
    for_each="ecs.container-instances",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="An old host image carries old Docker, containerd, runc and kernel versions with their known "
    "vulnerabilities; the hardening pipeline only helps if the fleet is refreshed with its output.",
    remediation="Build a new hardened AMI from the current ECS-optimized base and roll it out with an "
    "instance refresh of the capacity provider's Auto Scaling group.",
)
def ami_age(instance: Item, scope: Scope) -> Result:
    """PASS when the AMI the container instance runs was created at most 90 days (AMI_MAX_AGE_DAYS) before
    the scan, measured against the time AWS reported when the AMI was read. An AMI that is gone or not
    visible has an unknown age: ERROR."""
    image = instance["Ami"] or {}
    name = instance.name or instance.resource_id
    created, checked = as_datetime(image.get("CreationDate")), as_datetime(image.get("CheckedAt"))
    if created is None or checked is None:
        ami = instance.data.get("AmiId") or "an unreported AMI"
        return scope.on_item(instance, Status.ERROR, f"{name} runs {ami}, whose creation date cannot be read")
    age = (checked - created).days
    what = f"{name} runs {image['ImageId']}, {age} days old"
    if age > AMI_MAX_AGE_DAYS:
        return scope.failed(instance, f"{what} (older than {AMI_MAX_AGE_DAYS} days)")
    return scope.passed(instance, f"{what} (within {AMI_MAX_AGE_DAYS} days)")
