"""GuardDuty checks: detectors on, an organization administrator, and membership of it."""

from __future__ import annotations

from collections.abc import Iterator

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
    admins = _enabled_admins(scope)
    where = f"{scope.account_id}/{scope.region}"
    evidence = [d for a in admins for d in a.evidence]
    if not admins:
        yield scope.result(
            Status.FAIL, where, "the organization has no enabled GuardDuty delegated administrator"
        )
        return
    if any(a.name == scope.account_id for a in admins):
        enabled = [d for d in scope.items("guardduty.detectors") if _detector_status(d) == "ENABLED"]
        if enabled:
            yield scope.result(
                Status.PASS,
                where,
                f"this account is the GuardDuty delegated administrator (detector {enabled[0].name})",
                evidence=[*evidence, *enabled[0].evidence],
            )
        else:
            yield scope.result(
                Status.FAIL,
                where,
                "this account is the GuardDuty delegated administrator but has no enabled detector here",
                evidence=evidence,
            )
        return
    names = ", ".join(
        scope.org.accounts[a.name].label if scope.org and a.name in scope.org.accounts else a.name
        for a in admins
    )
    yield scope.result(
        Status.NOT_APPLICABLE, where, f"the delegated administrator is {names}", evidence=evidence
    )


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
    admins = {a.name for a in _enabled_admins(scope)}
    where = f"{scope.account_id}/{scope.region}"
    if not admins:
        yield scope.result(Status.FAIL, where, "no GuardDuty delegated administrator to be a member of")
        return
    if scope.account_id in admins:
        yield scope.result(Status.PASS, where, "this account is the GuardDuty delegated administrator")
        return
    detectors = scope.items("guardduty.detectors")
    if not detectors:
        yield scope.result(Status.FAIL, where, "no GuardDuty detector in this region, so not a member")
        return
    for detector in detectors:
        admin = detector["Administrator"] or {}
        relationship = str(admin.get("RelationshipStatus", "")).lower()
        if admin.get("AccountId") in admins and relationship == "enabled":
            yield scope.passed(
                detector, f"member of administrator {admin['AccountId']} (relationship Enabled)"
            )
        elif admin:
            yield scope.failed(
                detector,
                f"administrator {admin.get('AccountId')} relationship is "
                f"{admin.get('RelationshipStatus')}; expected an enabled member of "
                f"{', '.join(sorted(admins))}",
            )
        else:
            yield scope.failed(
                detector, f"not a member of the delegated administrator {', '.join(sorted(admins))}"
            )
