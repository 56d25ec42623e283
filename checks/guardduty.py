"""GuardDuty checks: detectors on, an organization administrator, and membership of it."""

from __future__ import annotations

from collections.abc import Iterator

from checks._lib.security_services import Membership, member_results, org_admin_results
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


# GetDetector `Features` names that count. Malware protection: EBS_MALWARE_PROTECTION (GuardDuty-initiated
# scans of EC2/EBS volumes). Runtime monitoring: RUNTIME_MONITORING (EKS, ECS incl. Fargate, EC2) or its
# EKS-only predecessor EKS_RUNTIME_MONITORING. Agent management (AdditionalConfiguration) is not judged here.
MALWARE_PROTECTION_FEATURES = ("EBS_MALWARE_PROTECTION",)
RUNTIME_MONITORING_FEATURES = ("RUNTIME_MONITORING", "EKS_RUNTIME_MONITORING")


def _enabled_features(detector: Item) -> set[str]:
    return {
        str(feature.get("Name", ""))
        for feature in detector["Detector"].get("Features") or []
        if str(feature.get("Status", "")).upper() == "ENABLED"
    }


@check(
    id="guardduty.protection-features",
    title="GuardDuty malware protection and runtime monitoring are enabled",
    uses=("guardduty.detectors",),
    severity=Severity.HIGH,
    rationale="Foundational GuardDuty sees API calls, DNS and flow logs only; malware on EBS volumes and "
    "threats inside running containers and instances need the malware protection and runtime monitoring "
    "features.",
    remediation="Enable EBS malware protection and runtime monitoring on the detector (from the delegated "
    "administrator, auto-enabled for the organization).",
)
def protection_features(scope: Scope) -> Iterator[Result]:
    """PASS when the region's detector is ENABLED and its GetDetector `Features` list shows
    EBS_MALWARE_PROTECTION with status ENABLED and RUNTIME_MONITORING or EKS_RUNTIME_MONITORING with status
    ENABLED. FAIL when there is no detector, it is suspended, or either feature is missing or DISABLED."""
    detectors = scope.items("guardduty.detectors")
    if not detectors:
        yield scope.result(
            Status.FAIL, f"{scope.account_id}/{scope.region}", "no GuardDuty detector in this region"
        )
        return
    for detector in detectors:
        status = _detector_status(detector)
        if status != "ENABLED":
            yield scope.failed(detector, f"detector {detector.name} is {status or 'in an unknown state'}")
            continue
        enabled = _enabled_features(detector)
        missing = [
            label
            for label, names in (
                ("malware protection (EBS_MALWARE_PROTECTION)", MALWARE_PROTECTION_FEATURES),
                ("runtime monitoring (RUNTIME_MONITORING)", RUNTIME_MONITORING_FEATURES),
            )
            if not enabled.intersection(names)
        ]
        if missing:
            yield scope.failed(
                detector, f"detector {detector.name} does not have {' and '.join(missing)} enabled"
            )
        else:
            on = sorted(enabled & {*MALWARE_PROTECTION_FEATURES, *RUNTIME_MONITORING_FEATURES})
            yield scope.passed(detector, f"detector {detector.name} has {', '.join(on)} enabled")
