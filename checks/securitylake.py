"""Amazon Security Lake checks: administered from the security account, read only by the organization."""

from __future__ import annotations

from collections.abc import Iterator

from checks._lib.security_services import DELEGATED_ADMINS, SECURITY_ROLES, account_label, delegated_admins
from scanner.checkapi import Scope, check
from scanner.model import Result, Severity, Status

SERVICE = "Security Lake"


@check(
    id="securitylake.org-admin",
    title="Security Lake is administered by the security account",
    uses=(DELEGATED_ADMINS,),
    severity=Severity.MEDIUM,
    rationale="Security Lake centralises every account's logs and findings; its delegated administrator "
    "decides who can read them, so it belongs in the security account, not a workload account.",
    remediation="From the management account, register the security account as Security Lake's delegated "
    "administrator (and deregister any other account).",
)
def securitylake_org_admin(scope: Scope) -> Iterator[Result]:
    """PASS when Organizations lists a Security Lake delegated administrator and every one is an account
    placed in the security or audit landing-zone role; FAIL when there is none or one is another account.
    ERROR when no account holds the security or audit role (there is nothing to compare with)."""
    admins = delegated_admins(scope, SERVICE)
    evidence = [d for a in admins for d in a.evidence]
    where = scope.account_id
    if not admins:
        listing = [d for record in scope.records(DELEGATED_ADMINS) for d in record.evidence]
        yield scope.result(
            Status.FAIL,
            where,
            "the organization has no Security Lake delegated administrator",
            evidence=listing,
        )
        return
    security = scope.accounts_in_role(*SECURITY_ROLES)
    names = ", ".join(account_label(scope, a.name) for a in admins)
    if not security:
        yield scope.result(
            Status.ERROR,
            where,
            f"not evaluated: no account holds the security or audit role to compare with the "
            f"administrator {names}",
            evidence=evidence,
        )
        return
    outside = [a.name for a in admins if a.name not in security]
    if outside:
        others = ", ".join(account_label(scope, a) for a in outside)
        yield scope.result(
            Status.FAIL,
            where,
            f"Security Lake is administered by {others}, not the security account",
            evidence=evidence,
        )
    else:
        yield scope.result(
            Status.PASS,
            where,
            f"Security Lake is administered by the security account {names}",
            evidence=evidence,
        )


@check(
    id="securitylake.subscriber.in-org",
    title="Security Lake subscribers are organization accounts",
    uses=("securitylake.data-lakes",),
    severity=Severity.HIGH,
    rationale="A subscriber reads the organization's security logs (CloudTrail, flow logs, findings); one "
    "outside the organization receives them without the organization's controls.",
    remediation="Remove subscribers whose account is not in the organization; record approved external "
    "partners (such as a managed detection provider) as exceptions.",
)
def subscriber_in_org(scope: Scope) -> Iterator[Result]:
    """PASS for each subscriber of a data lake in this account whose subscriberIdentity.principal is an
    account of the organization (without an organization read: this account), and for a data lake without
    subscribers; FAIL for each subscriber outside. Lake Formation access is preferred over S3 and named in
    the message. Accounts without a data lake are not applicable."""
    for lake in scope.items("securitylake.data-lakes"):
        listed = lake["Subscribers"] or []
        if not listed:
            yield scope.passed(lake, f"data lake {lake.name} has no subscribers")
        for subscriber in listed:
            name = subscriber.get("subscriberName") or subscriber.get("subscriberId", "?")
            principal = str((subscriber.get("subscriberIdentity") or {}).get("principal") or "")
            access = ", ".join(subscriber.get("accessTypes") or []) or "unknown access"
            resource = str(subscriber.get("subscriberArn") or lake.resource_id)
            what = f"subscriber {name} ({access}) is account {principal or 'unknown'}"
            status = Status.PASS if principal in scope.organization_accounts() else Status.FAIL
            where = "inside" if status is Status.PASS else "outside"
            yield scope.result(
                status,
                resource,
                f"{what}, {where} the organization",
                region=lake.region,
                evidence=lake.evidence,
            )
