"""Macie checks: enabled in every region, a delegated administrator running it, and membership of it."""

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

SERVICE = "Macie"


def _enabled(session: Item) -> bool:
    return str(session.data.get("status", "")).upper() == "ENABLED"


@check(
    id="macie.enabled",
    title="Macie is enabled in the region",
    uses=("macie.sessions",),
    severity=Severity.MEDIUM,
    rationale="Macie finds sensitive data (and public or unencrypted buckets) in S3; a region where it is "
    "off or paused goes unexamined.",
    remediation="Enable Macie in every region in scope, auto-enabled for members by the delegated "
    "administrator.",
)
def macie_enabled(scope: Scope) -> Iterator[Result]:
    """PASS when the account's Macie session in the region has status ENABLED (PAUSED or never enabled
    fails)."""
    sessions = scope.items("macie.sessions")
    if not sessions:
        yield not_enabled_here(scope, SERVICE)
    for session in sessions:
        status = session.data.get("status") or "in an unknown state"
        if _enabled(session):
            yield scope.passed(session, "Macie is enabled here")
        else:
            yield scope.failed(session, f"Macie is {status} here")


@check(
    id="macie.org-admin",
    title="Macie has an organization delegated administrator that runs it",
    uses=(DELEGATED_ADMINS, "macie.sessions"),
    severity=Severity.MEDIUM,
    rationale="A delegated administrator (the security account) runs discovery across every member's "
    "buckets and enrols new accounts.",
    remediation="From the management account, designate the security account as Macie delegated "
    "administrator and enable Macie there in every region.",
)
def macie_org_admin(scope: Scope) -> Iterator[Result]:
    """PASS in the account Organizations lists as Macie's delegated administrator when its Macie session in
    the region is ENABLED; not applicable in the other accounts when there is one; FAIL everywhere when
    there is none."""
    enabled = [s for s in scope.items("macie.sessions") if _enabled(s)]
    yield from org_admin_results(scope, SERVICE, delegated_admins(scope, SERVICE), enabled, "session")


@check(
    id="macie.member",
    title="The account is an enabled Macie member of the delegated administrator",
    uses=("macie.sessions", DELEGATED_ADMINS),
    severity=Severity.MEDIUM,
    rationale="Sensitive-data discovery covers only members of the administrator.",
    remediation="From the delegated administrator, add the account as a member (or turn on auto-enable).",
)
def macie_member(scope: Scope) -> Iterator[Result]:
    """PASS when this account is the delegated administrator, or its Macie session reports that
    administrator with relationship status Enabled."""
    memberships = []
    for session in scope.items("macie.sessions"):
        admin = session["Administrator"] or {}
        memberships.append(Membership(session, admin.get("accountId"), admin.get("relationshipStatus")))
    admins = [a.name for a in delegated_admins(scope, SERVICE)]
    absent = "Macie is not enabled in this region, so not a member"
    yield from member_results(scope, SERVICE, admins, memberships, absent)


def _auto_enables(configuration: Item) -> tuple[Status, str]:
    if configuration.data.get("autoEnable") is True:
        return Status.PASS, "Macie is auto-enabled in new member accounts"
    return Status.FAIL, "Macie is not auto-enabled in new member accounts (autoEnable is false)"


@check(
    id="macie.auto-enable",
    title="The Macie administrator auto-enables new member accounts",
    uses=(DELEGATED_ADMINS, "macie.org-configuration"),
    severity=Severity.MEDIUM,
    rationale="Without auto-enable, sensitive data in the buckets of an account that joins the organization "
    "is not discovered until someone enables Macie there by hand.",
    remediation="In the delegated administrator, turn on auto-enable of Macie for new organization accounts "
    "in every region.",
)
def macie_auto_enable(scope: Scope) -> Iterator[Result]:
    """PASS in Macie's delegated administrator when its organization configuration in the region has
    autoEnable true; not applicable in other accounts when there is an administrator; FAIL when there is
    none."""
    configurations = scope.items("macie.org-configuration")
    admins = delegated_admins(scope, SERVICE)
    yield from admin_setting_results(scope, SERVICE, admins, configurations, _auto_enables)
