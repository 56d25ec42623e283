"""IAM Identity Center checks: workforce sign-in goes through Identity Center, with bounded sessions."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from checks._lib.security_services import account_label
from scanner.checkapi import Per, Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

# Longest session a permission set may grant. No seed gives a number (the catalog asks for "the configured
# limit" and the scan configuration has no such setting yet); 8 hours is one working day, so a session never
# outlives the shift it was started in. Identity Center's default is 1 hour, its maximum 12 hours.
MAX_SESSION_HOURS = 8
_ISO_DURATION = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$")


def session_seconds(duration: object) -> int | None:
    """Seconds in an ISO 8601 time duration as Identity Center writes them (PT1H, PT2H30M); None otherwise."""
    match = _ISO_DURATION.match(str(duration or ""))
    if match is None or not any(match.groups()):
        return None
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def _active(instances: list[Item]) -> list[Item]:
    return [i for i in instances if str(i.data.get("Status") or "ACTIVE") == "ACTIVE"]


@check(
    id="sso.instance.in-use",
    title="IAM Identity Center is set up for the organization",
    uses=("sso.instances",),
    per=Per.ACCOUNT,
    severity=Severity.HIGH,
    rationale="Without Identity Center people sign in with IAM users and long-lived passwords and keys in "
    "each account, which no central directory can revoke when someone leaves.",
    remediation="Enable IAM Identity Center in the management account (or a delegated administrator), "
    "connect the workforce directory, and give access through permission sets.",
)
def instance_in_use(scope: Scope) -> Iterator[Result]:
    """PASS when the organization's account (the management account when the organization was read, else
    this account) sees an ACTIVE IAM Identity Center instance in a scanned region; FAIL when it sees none."""
    active = _active(scope.items("sso.instances"))
    if not active:
        listings = [d for record in scope.records("sso.instances") for d in record.evidence]
        yield scope.result(
            Status.FAIL,
            scope.account_id,
            "no active IAM Identity Center instance in the scanned regions",
            evidence=listings,
        )
        return
    instance = active[0]
    owner = str(instance.data.get("OwnerAccountId") or "")
    yield scope.result(
        Status.PASS,
        scope.account_id,
        f"IAM Identity Center instance {instance.name} is active in {instance.region}"
        + (f", owned by {account_label(scope, owner)}" if owner else ""),
        region=instance.region,
        evidence=[d for i in active for d in i.evidence],
    )


@check(
    id="sso.permission-set.session-duration",
    title="Identity Center permission sets limit session duration",
    uses=("sso.instances",),
    per=Per.ACCOUNT,
    severity=Severity.MEDIUM,
    rationale="A long session keeps a stolen browser session or CLI credential usable for a long time after "
    "the person has left the keyboard or lost access.",
    remediation=f"Set each permission set's session duration to {MAX_SESSION_HOURS} hours or less.",
)
def permission_set_session_duration(scope: Scope) -> Iterator[Result]:
    """PASS for each permission set of an active Identity Center instance whose SessionDuration is at most
    8 hours (MAX_SESSION_HOURS: one working day; Identity Center's own default is 1 hour). Judged in the
    account that owns the instance (the management account for the organization instance), not applicable
    elsewhere; a duration that cannot be read is ERROR."""
    for instance in _active(scope.items("sso.instances")):
        owner = str(instance.data.get("OwnerAccountId") or scope.owner_of("sso.instances") or "")
        if owner != scope.account_id:
            yield scope.on_item(
                instance,
                Status.NOT_APPLICABLE,
                f"judged in the instance's account, {account_label(scope, owner)}",
            )
            continue
        for permission_set in instance["PermissionSets"] or []:
            yield _judge_session(scope, instance, permission_set)


def _judge_session(scope: Scope, instance: Item, permission_set: Mapping[str, Any]) -> Result:
    name = permission_set.get("Name") or permission_set.get("PermissionSetArn", "?")
    resource = str(permission_set.get("PermissionSetArn") or instance.resource_id)
    duration = permission_set.get("SessionDuration")
    seconds = session_seconds(duration)
    if seconds is None:
        status, message = (
            Status.ERROR,
            f"not evaluated: permission set {name} session duration {duration!r} is unreadable",
        )
    elif seconds > MAX_SESSION_HOURS * 3600:
        status, message = (
            Status.FAIL,
            f"permission set {name} sessions last {duration}, over {MAX_SESSION_HOURS} hours",
        )
    else:
        status, message = Status.PASS, f"permission set {name} sessions last {duration}"
    return scope.result(status, resource, message, region=instance.region, evidence=instance.evidence)
