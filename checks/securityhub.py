"""Security Hub checks: a hub in every region, a delegated administrator running it, and membership of it."""

from __future__ import annotations

from collections.abc import Iterator

from checks.security_services import (
    DELEGATED_ADMINS,
    Membership,
    delegated_admins,
    member_results,
    not_enabled_here,
    org_admin_results,
)
from scanner.checkapi import Scope, check
from scanner.model import Result, Severity

SERVICE = "Security Hub"


@check(
    id="securityhub.enabled",
    title="Security Hub is enabled in the region",
    uses=("securityhub.hubs",),
    severity=Severity.HIGH,
    rationale="Security Hub gathers the findings of GuardDuty, Inspector, Macie and its own control checks; "
    "a region without a hub contributes nothing to the central view.",
    remediation="Enable Security Hub in every region in scope (from the delegated administrator, with "
    "auto-enable or central configuration for the organization).",
)
def hub_enabled(scope: Scope) -> Iterator[Result]:
    """PASS when the account is subscribed to Security Hub in the region (DescribeHub returns a hub). Which
    standards are enabled is not judged here."""
    hubs = scope.items("securityhub.hubs")
    if not hubs:
        yield not_enabled_here(scope, SERVICE)
    for hub in hubs:
        yield scope.passed(hub, f"Security Hub is enabled here (hub {hub.resource_id})")


@check(
    id="securityhub.org-admin",
    title="Security Hub has an organization delegated administrator that runs it",
    uses=(DELEGATED_ADMINS, "securityhub.hubs"),
    severity=Severity.MEDIUM,
    rationale="A delegated administrator (the security account in the landing zone) sees every member's "
    "findings and enrols new accounts.",
    remediation="From the management account, designate the security account as Security Hub delegated "
    "administrator and enable Security Hub there in every region.",
)
def hub_org_admin(scope: Scope) -> Iterator[Result]:
    """PASS in the account Organizations lists as Security Hub's delegated administrator when it has a hub
    in the region; not applicable in the other accounts when there is one; FAIL everywhere when there is
    none."""
    admins = delegated_admins(scope, SERVICE)
    yield from org_admin_results(scope, SERVICE, admins, scope.items("securityhub.hubs"), "hub")


@check(
    id="securityhub.member",
    title="The account is an enabled Security Hub member of the delegated administrator",
    uses=("securityhub.hubs", DELEGATED_ADMINS),
    severity=Severity.HIGH,
    rationale="The security team sees only members' findings: an account that is not a member is invisible.",
    remediation="From the delegated administrator, add the account as a member (or turn on auto-enable).",
)
def hub_member(scope: Scope) -> Iterator[Result]:
    """PASS when this account is the delegated administrator, or its hub reports that administrator with
    member status Enabled."""
    memberships = []
    for hub in scope.items("securityhub.hubs"):
        admin = hub["Administrator"] or {}
        memberships.append(Membership(hub, admin.get("AccountId"), admin.get("MemberStatus")))
    admins = [a.name for a in delegated_admins(scope, SERVICE)]
    absent = "Security Hub is not enabled in this region, so not a member"
    yield from member_results(scope, SERVICE, admins, memberships, absent)
