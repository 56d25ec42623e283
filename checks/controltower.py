"""Control Tower checks: the landing zone is active and in sync with its manifest."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.checkapi import Per, Scope, check
from scanner.model import Result, Severity, Status


@check(
    id="controltower.landing-zone.in-sync",
    title="The Control Tower landing zone is active and has not drifted",
    uses=("controltower.landing-zones",),
    per=Per.ACCOUNT,
    severity=Severity.MEDIUM,
    rationale="Control Tower's guardrails and shared accounts hold only while the landing zone matches its "
    "manifest; drift (an OU moved or deleted outside Control Tower, a changed role or SCP) silently weakens "
    "the controls every account inherits.",
    remediation="Resolve the drift named in the Control Tower console and run Reset or Update on the "
    "landing zone (aws controltower reset-landing-zone --landing-zone-identifier ARN).",
)
def landing_zone_in_sync(scope: Scope) -> Iterator[Result]:
    """Reads the landing zone from the account the organization was read from (the management account).
    PASS when each landing zone found is ACTIVE with drift status IN_SYNC; FAIL when it is FAILED or
    DRIFTED; ERROR when its detail could not be read or reports neither. NOT_APPLICABLE when no landing zone
    exists in the scanned regions: Control Tower is then not in use, and the StackSet and drift checks
    carry the control."""
    zones = scope.items("controltower.landing-zones")
    if not zones:
        yield scope.result(
            Status.NOT_APPLICABLE, scope.account_id, "no Control Tower landing zone in the scanned regions"
        )
        return
    for zone in zones:
        detail = zone["LandingZone"]
        status = str(detail.get("status") or "")
        drift = str((detail.get("driftStatus") or {}).get("status") or "")
        version = detail.get("version") or "unknown version"
        described = (
            f"landing zone {version} is {status or 'of unknown status'}, drift {drift or 'not reported'}"
        )
        if status == "ACTIVE" and drift == "IN_SYNC":
            yield scope.passed(zone, described)
        elif status == "FAILED" or drift == "DRIFTED":
            yield scope.failed(zone, described)
        else:
            yield scope.on_item(zone, Status.ERROR, f"not evaluated: {described}")
