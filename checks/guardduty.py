"""GuardDuty checks: detectors on, an organization administrator, and membership of it."""

from __future__ import annotations

from collections.abc import Iterator

from checks.security_services import Membership, member_results, org_admin_results
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status


def _enabled_admins(scope: Scope) -> list[Item]:
    return [
        a
        for a in scope.items("guardduty.org-admins")
        if str(a.data.get("AdminStatus", "")).upper() == "ENABLED"
    ]


def _detector_status(detector: Item) -> str:
    return str(detector["Detector"].get("Status", "")).upper()


@check(
    id="guardduty.enabled",
    title="GuardDuty is enabled in the region",
    uses=("guardduty.detectors",),
    severity=Severity.HIGH,
    rationale="Without a detector, threats in the region (credential misuse, crypto-mining, exfiltration) go "
    "unnoticed.",
    remediation="Enable GuardDuty in every enabled region, auto-enabled by the delegated administrator.",
)
def detector_enabled(scope: Scope) -> Iterator[Result]:
    """PASS when the account has a GuardDuty detector in the region whose status is ENABLED."""
    detectors = scope.items("guardduty.detectors")
    if not detectors:
        yield scope.result(
            Status.FAIL, f"{scope.account_id}/{scope.region}", "no GuardDuty detector in this region"
        )
        return
    for detector in detectors:
        status = _detector_status(detector)
        if status == "ENABLED":
            yield scope.passed(detector, f"detector {detector.name} is enabled")
        else:
            yield scope.failed(detector, f"detector {detector.name} is {status or 'in an unknown state'}")


@check(
    id="guardduty.org-admin",
    title="GuardDuty has an organization delegated administrator",
    uses=("guardduty.org-admins", "guardduty.detectors"),
    severity=Severity.MEDIUM,
    rationale="A delegated administrator (the security account in the landing zone) sees every account's "
    "findings and enrols new accounts, so no account is left unmonitored.",
    remediation="From the management account, designate the security account as GuardDuty delegated "
    "administrator in every region and turn on auto-enable for the organization.",
)
def org_admin(scope: Scope) -> Iterator[Result]:
    """PASS in the account that is the organization's enabled GuardDuty delegated administrator for the
    region and has an enabled detector there (an administrator without one sees nothing); not applicable in
    the other accounts when there is one; FAIL everywhere when there is none."""
    enabled = [d for d in scope.items("guardduty.detectors") if _detector_status(d) == "ENABLED"]
    yield from org_admin_results(scope, "GuardDuty", _enabled_admins(scope), enabled, "detector")


@check(
    id="guardduty.member",
    title="The account is an enabled GuardDuty member of the delegated administrator",
    uses=("guardduty.detectors", "guardduty.org-admins"),
    severity=Severity.HIGH,
    rationale="Central threat detection covers only members of the administrator; an account "
    "that left (or was removed) is invisible to the security team.",
    remediation="From the delegated administrator, add the account as a member (or enable auto-enable), and "
    "make sure its detector is enabled.",
)
def member_of_admin(scope: Scope) -> Iterator[Result]:
    """PASS when this account is the delegated administrator, or its detector reports that administrator with
    relationship status Enabled."""
    memberships = [
        Membership(
            d,
            (d["Administrator"] or {}).get("AccountId"),
            (d["Administrator"] or {}).get("RelationshipStatus"),
        )
        for d in scope.items("guardduty.detectors")
    ]
    admins = [a.name for a in _enabled_admins(scope)]
    absent = "no GuardDuty detector in this region, so not a member"
    yield from member_results(scope, "GuardDuty", admins, memberships, absent)
