"""Inspector checks: EC2 and ECR scanning on in every region, a delegated administrator, and membership."""

from __future__ import annotations

from collections.abc import Iterator

from checks._lib.security_services import (
    DELEGATED_ADMINS,
    Membership,
    admin_setting_results,
    delegated_admins,
    member_results,
    not_enabled_here,
    org_admin_results,
)
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

SERVICE = "Inspector"
SCANNED = ("ec2", "ecr")


def _scanning_off(status: Item, required: tuple[str, ...] = SCANNED) -> list[str]:
    """The required scan types (and the account state) that are not ENABLED."""
    off = [] if str(status.data.get("state", {}).get("status", "")).upper() == "ENABLED" else ["account"]
    resources = status.data.get("resourceState") or {}
    off += [r for r in required if str(resources.get(r, {}).get("status", "")).upper() != "ENABLED"]
    return off


def _status_not_returned(scope: Scope, status: Item) -> Result:
    """ERROR for an account status Inspector failed to return (unknown, never "off")."""
    failure = status.data["Failed"]
    return scope.on_item(
        status, Status.ERROR, f"not evaluated: Inspector did not return the status: {failure}"
    )


@check(
    id="inspector.enabled",
    title="Inspector scans EC2 instances and ECR images in the region",
    uses=("inspector.account-status",),
    severity=Severity.HIGH,
    rationale="Without Inspector, vulnerable packages on instances and in container images go unnoticed.",
    remediation="Activate Inspector EC2 and ECR scanning in every region (auto-enabled by the delegated "
    "administrator for the organization).",
)
def inspector_enabled(scope: Scope) -> Iterator[Result]:
    """PASS when the account's Inspector status in the region is ENABLED with EC2 and ECR scanning both
    ENABLED; a status Inspector failed to return is ERROR."""
    statuses = scope.items("inspector.account-status")
    if not statuses:
        yield not_enabled_here(scope, SERVICE)
    for status in statuses:
        if "Failed" in status.data:
            yield _status_not_returned(scope, status)
            continue
        off = _scanning_off(status)
        if off:
            yield scope.failed(status, f"Inspector is not enabled here for: {', '.join(off)}")
        else:
            yield scope.passed(status, "Inspector EC2 and ECR scanning are enabled here")


@check(
    id="inspector.org-admin",
    title="Inspector has an organization delegated administrator that runs it",
    uses=(DELEGATED_ADMINS, "inspector.account-status"),
    severity=Severity.MEDIUM,
    rationale="A delegated administrator (the security account) sees every member's findings and "
    "auto-enables scanning for new accounts.",
    remediation="From the management account, designate the security account as Inspector delegated "
    "administrator and activate scanning there in every region.",
)
def inspector_org_admin(scope: Scope) -> Iterator[Result]:
    """PASS in the account Organizations lists as Inspector's delegated administrator when its own EC2 and
    ECR scanning are enabled in the region; not applicable in the other accounts when there is one; FAIL
    everywhere when there is none."""
    enabled = [
        s for s in scope.items("inspector.account-status") if "Failed" not in s.data and not _scanning_off(s)
    ]
    yield from org_admin_results(scope, SERVICE, delegated_admins(scope, SERVICE), enabled, "status")


@check(
    id="inspector.member",
    title="The account is an enabled Inspector member of the delegated administrator",
    uses=(DELEGATED_ADMINS, "inspector.members"),
    severity=Severity.HIGH,
    rationale="Findings reach the security team only for members of the administrator.",
    remediation="From the delegated administrator, associate the account as a member (or turn on "
    "auto-enable).",
)
def inspector_member(scope: Scope) -> Iterator[Result]:
    """PASS when this account is the delegated administrator, or the administrator's member list in the
    region shows this account with relationship status ENABLED. ERROR when that list could not be read."""
    admins = [a.name for a in delegated_admins(scope, SERVICE)]
    memberships: list[Membership] = []
    for admin in admins:
        if admin == scope.account_id:
            continue
        records = scope.records("inspector.members", account_id=admin)
        regional = [r for r in records if r.key.region == scope.region]
        if not regional or not all(r.available for r in regional):
            why = str(regional[0].unavailable) if regional else f"account {admin} was not scanned here"
            yield scope.result(
                Status.ERROR,
                f"{scope.account_id}/{scope.region}",
                f"not evaluated: the administrator's member list could not be read: {why}",
            )
            return
        memberships += [
            Membership(m, m.data.get("delegatedAdminAccountId"), m.data.get("relationshipStatus"))
            for r in regional
            for m in r.items
            if m.name == scope.account_id
        ]
    absent = "the delegated administrator does not list this account as a member here"
    yield from member_results(scope, SERVICE, admins, memberships, absent)


def _auto_enables_scanning(configuration: Item) -> tuple[Status, str]:
    auto_enable = configuration.data.get("autoEnable") or {}
    off = [r for r in SCANNED if auto_enable.get(r) is not True]
    if off:
        return Status.FAIL, f"new member accounts do not get Inspector scanning for: {', '.join(off)}"
    return Status.PASS, "EC2 and ECR scanning are auto-enabled for new member accounts"


@check(
    id="inspector.auto-enable",
    title="The Inspector administrator auto-enables EC2 and ECR scanning for new member accounts",
    uses=(DELEGATED_ADMINS, "inspector.org-configuration"),
    severity=Severity.MEDIUM,
    rationale="Without auto-enable, an account that joins the organization is not scanned for "
    "vulnerabilities until someone activates it by hand.",
    remediation="In the delegated administrator, turn on auto-enable of EC2 and ECR scanning for new member "
    "accounts in every region.",
)
def inspector_auto_enable(scope: Scope) -> Iterator[Result]:
    """PASS in Inspector's delegated administrator when its organization configuration in the region has
    autoEnable.ec2 and autoEnable.ecr both true; not applicable in other accounts when there is an
    administrator; FAIL when there is none."""
    configurations = scope.items("inspector.org-configuration")
    admins = delegated_admins(scope, SERVICE)
    yield from admin_setting_results(scope, SERVICE, admins, configurations, _auto_enables_scanning)


@check(
    id="inspector.lambda-scanning",
    title="Inspector scans Lambda functions where functions run",
    uses=("inspector.account-status", "lambda.functions"),
    severity=Severity.MEDIUM,
    rationale="Lambda functions ship their own packages; without Inspector Lambda scanning, vulnerable "
    "dependencies in function code and layers go unnoticed.",
    remediation="Activate Inspector Lambda standard scanning in every region with functions (auto-enabled by "
    "the delegated administrator for the organization).",
)
def inspector_lambda_scanning(scope: Scope) -> Iterator[Result]:
    """PASS when the region has Lambda functions and this account's Inspector status there is ENABLED with
    Lambda (standard) scanning ENABLED; not applicable where no function runs; a status Inspector failed to
    return is ERROR."""
    functions = scope.items("lambda.functions")
    if not functions:
        yield scope.result(
            Status.NOT_APPLICABLE, f"{scope.account_id}/{scope.region}", "no Lambda functions in this region"
        )
        return
    statuses = scope.items("inspector.account-status")
    if not statuses:
        yield not_enabled_here(scope, SERVICE)
    for status in statuses:
        if "Failed" in status.data:
            yield _status_not_returned(scope, status)
            continue
        off = _scanning_off(status, ("lambda",))
        count = f"{len(functions)} Lambda function(s) here"
        if off:
            yield scope.failed(status, f"Inspector is not enabled for: {', '.join(off)}, with {count}")
        else:
            yield scope.passed(status, f"Inspector Lambda scanning is enabled ({count})")
