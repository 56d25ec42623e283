"""Shared logic of the organization-wide security services (GuardDuty, Security Hub, Macie, Inspector, ...):
who the delegated administrator is, whether it runs the service, and whether an account is its member."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from scanner.checkapi import Scope
from scanner.inventory import Item
from scanner.model import Result, Status

DELEGATED_ADMINS = "organizations.delegated-admins"

# The landing-zone roles allowed to administer the security services (the seed's security and audit accounts).
SECURITY_ROLES = ("security", "audit")

# Service principals as Organizations lists them for each delegated administrator (Config has two: one for
# aggregators, one for organization rules and conformance packs).
SERVICE_PRINCIPALS = {
    "GuardDuty": ("guardduty.amazonaws.com",),
    "Security Hub": ("securityhub.amazonaws.com",),
    "Macie": ("macie.amazonaws.com",),
    "Inspector": ("inspector2.amazonaws.com",),
    "IAM Access Analyzer": ("access-analyzer.amazonaws.com",),
    "AWS Config": ("config.amazonaws.com", "config-multiaccountsetup.amazonaws.com"),
    "Security Lake": ("securitylake.amazonaws.com",),
}
# The services every landing zone delegates to its security account (organizations.delegated-admins).
# Security Lake is optional: where it is used, securitylake.org-admin judges its administrator.
CORE_SECURITY_SERVICES = (
    "GuardDuty",
    "Security Hub",
    "Macie",
    "Inspector",
    "IAM Access Analyzer",
    "AWS Config",
)


def delegated_admins(scope: Scope, service: str) -> list[Item]:
    """The accounts Organizations lists as delegated administrator for `service` (a key of
    SERVICE_PRINCIPALS). Reading an admin whose services could not be listed raises AspectUnavailable."""
    principals = set(SERVICE_PRINCIPALS[service])
    return [admin for admin in scope.items(DELEGATED_ADMINS) if principals & set(admin["Services"] or [])]


def account_label(scope: Scope, account_id: str) -> str:
    """The account's name and id when the organization was read, else its id."""
    org = scope.org
    if org is not None and account_id in org.accounts:
        return org.accounts[account_id].label
    return account_id


def not_enabled_here(scope: Scope, service: str) -> Result:
    return scope.result(Status.FAIL, f"{scope.account_id}/{scope.region}", f"{service} is not enabled here")


def org_admin_results(
    scope: Scope, service: str, admins: Sequence[Item], enabled_here: Sequence[Item], resource: str
) -> Iterator[Result]:
    """PASS in the delegated administrator when it runs the service here (`enabled_here`: its enabled
    `resource`s in this region); not applicable in the other accounts when there is one; FAIL when none."""
    where = f"{scope.account_id}/{scope.region}"
    evidence = [d for a in admins for d in a.evidence]
    if not admins:
        yield scope.result(Status.FAIL, where, f"the organization has no {service} delegated administrator")
        return
    if any(a.name == scope.account_id for a in admins):
        if enabled_here:
            yield scope.result(
                Status.PASS,
                where,
                f"this account is the {service} delegated administrator ({resource} {enabled_here[0].name})",
                evidence=[*evidence, *enabled_here[0].evidence],
            )
        else:
            yield scope.result(
                Status.FAIL,
                where,
                f"this account is the {service} delegated administrator but has no enabled {resource} here",
                evidence=evidence,
            )
        return
    names = ", ".join(account_label(scope, a.name) for a in admins)
    yield scope.result(
        Status.NOT_APPLICABLE, where, f"the delegated administrator is {names}", evidence=evidence
    )


@dataclass(frozen=True)
class Membership:
    """One view of this account's tie to an administrator: the item that shows it, the administrator it
    names (None: standalone) and the relationship status as the service reports it."""

    item: Item
    admin: str | None
    relationship: str | None


def member_results(
    scope: Scope, service: str, admins: Iterable[str], memberships: Sequence[Membership], absent: str
) -> Iterator[Result]:
    """PASS when this account is the delegated administrator, or a membership names that administrator with
    relationship status Enabled; FAIL with `absent` when there is no membership to judge."""
    admin_ids = set(admins)
    where = f"{scope.account_id}/{scope.region}"
    if not admin_ids:
        yield scope.result(Status.FAIL, where, f"no {service} delegated administrator to be a member of")
        return
    if scope.account_id in admin_ids:
        yield scope.result(Status.PASS, where, f"this account is the {service} delegated administrator")
        return
    if not memberships:
        yield scope.result(Status.FAIL, where, absent)
        return
    expected = ", ".join(sorted(admin_ids))
    for membership in memberships:
        relationship = (membership.relationship or "").lower()
        if membership.admin in admin_ids and relationship == "enabled":
            yield scope.passed(
                membership.item, f"member of administrator {membership.admin} (relationship Enabled)"
            )
        elif membership.admin:
            yield scope.failed(
                membership.item,
                f"administrator {membership.admin} relationship is {membership.relationship}; expected an "
                f"enabled member of {expected}",
            )
        else:
            yield scope.failed(membership.item, f"not a member of the delegated administrator {expected}")


def admin_setting_results(
    scope: Scope,
    service: str,
    admins: Sequence[Item],
    configurations: Sequence[Item],
    judge: Callable[[Item], tuple[Status, str]],
) -> Iterator[Result]:
    """A setting only the delegated administrator holds (its organization configuration), judged there:
    `judge(configuration)` gives its status and message. The administrator without a readable
    configuration is ERROR; not applicable in the other accounts when there is an administrator; FAIL when
    there is none."""
    where = f"{scope.account_id}/{scope.region}"
    evidence = [d for a in admins for d in a.evidence]
    if not admins:
        yield scope.result(Status.FAIL, where, f"the organization has no {service} delegated administrator")
        return
    if not any(a.name == scope.account_id for a in admins):
        names = ", ".join(account_label(scope, a.name) for a in admins)
        yield scope.result(
            Status.NOT_APPLICABLE, where, f"judged in the delegated administrator, {names}", evidence=evidence
        )
        return
    if not configurations:
        yield scope.result(
            Status.ERROR,
            where,
            f"not evaluated: this account is the {service} delegated administrator but its organization "
            "configuration was refused",
            evidence=evidence,
        )
    for configuration in configurations:
        status, message = judge(configuration)
        yield scope.result(status, where, message, evidence=[*evidence, *configuration.evidence])
