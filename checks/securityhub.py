"""Security Hub checks: a hub in every region, a delegated administrator running it, and membership of it."""

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


# Standards ARNs are arn:aws:securityhub:<region>::standards/aws-foundational-security-best-practices/v/<ver>.
FSBP_ARN_MARKER = "standards/aws-foundational-security-best-practices"


@check(
    id="securityhub.fsbp-enabled",
    title="The AWS Foundational Security Best Practices standard is enabled",
    uses=("securityhub.hubs",),
    severity=Severity.MEDIUM,
    rationale="Without a standard, Security Hub only aggregates other services' findings; the foundational "
    "best-practices standard runs the AWS-maintained control checks across the account's resources.",
    remediation="Enable the AWS Foundational Security Best Practices standard in every region (centrally, "
    "through a Security Hub configuration policy from the delegated administrator).",
)
def fsbp_enabled(scope: Scope) -> Iterator[Result]:
    """PASS when the region's hub has a standards subscription (GetEnabledStandards) whose StandardsArn
    contains `standards/aws-foundational-security-best-practices` with StandardsStatus READY. FAIL when
    Security Hub is off here, the standard is not subscribed, or its subscription is PENDING, INCOMPLETE,
    FAILED or DELETING."""
    hubs = scope.items("securityhub.hubs")
    if not hubs:
        yield not_enabled_here(scope, SERVICE)
    for hub in hubs:
        fsbp = [s for s in hub["EnabledStandards"] or [] if FSBP_ARN_MARKER in str(s.get("StandardsArn", ""))]
        ready = [s for s in fsbp if str(s.get("StandardsStatus", "")).upper() == "READY"]
        if ready:
            yield scope.passed(hub, f"the standard is enabled and READY ({ready[0]['StandardsArn']})")
        elif fsbp:
            status = fsbp[0].get("StandardsStatus") or "in an unknown state"
            yield scope.failed(hub, f"the standard is subscribed but {status}, not READY")
        else:
            yield scope.failed(hub, "the AWS Foundational Security Best Practices standard is not enabled")


def _auto_enables(configuration: Item) -> tuple[Status, str]:
    mode = str((configuration.data.get("OrganizationConfiguration") or {}).get("ConfigurationType", "LOCAL"))
    if mode.upper() == "CENTRAL":
        # Under central configuration AutoEnable is always false; configuration policies decide instead.
        return Status.ERROR, (
            "not evaluated: the organization uses central configuration, where configuration policies (not "
            "read by this check) decide what new accounts get"
        )
    if configuration.data.get("AutoEnable") is True:
        return Status.PASS, "Security Hub is auto-enabled in new member accounts"
    return Status.FAIL, "Security Hub is not auto-enabled in new member accounts (AutoEnable is false)"


@check(
    id="securityhub.auto-enable",
    title="The Security Hub administrator auto-enables new member accounts",
    uses=(DELEGATED_ADMINS, "securityhub.org-configuration"),
    severity=Severity.MEDIUM,
    rationale="Without auto-enable, an account that joins the organization has no hub and stays outside "
    "the central view until someone notices.",
    remediation="In the delegated administrator, turn on auto-enable for new organization accounts in every "
    "region (or associate a configuration policy that enables Security Hub with the organization root).",
)
def hub_auto_enable(scope: Scope) -> Iterator[Result]:
    """PASS in Security Hub's delegated administrator when its organization configuration (local
    configuration) has AutoEnable true in the region; central configuration is ERROR (configuration policies
    are not read); not applicable in other accounts when there is an administrator; FAIL when there is
    none."""
    configurations = scope.items("securityhub.org-configuration")
    admins = delegated_admins(scope, SERVICE)
    yield from admin_setting_results(scope, SERVICE, admins, configurations, _auto_enables)
