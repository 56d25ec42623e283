"""IAM Access Analyzer: an active external-access analyzer covers each account in each region."""

from __future__ import annotations

from collections.abc import Iterator

from checks._lib.security_services import account_label, delegated_admins
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

SERVICE = "IAM Access Analyzer"


def active_analyzers(analyzers: list[Item], zone_of_trust: str) -> list[Item]:
    """The ACTIVE external-access analyzers of one type: ACCOUNT or ORGANIZATION (unused-access analyzers,
    typed *_UNUSED_ACCESS, report no external access and never count)."""
    return [
        a
        for a in analyzers
        if str(a.data.get("type", "")).upper() == zone_of_trust
        and str(a.data.get("status", "")).upper() == "ACTIVE"
    ]


@check(
    id="accessanalyzer.enabled",
    title="An active IAM Access Analyzer covers the account in the region",
    uses=("accessanalyzer.analyzers", "organizations.delegated-admins"),
    severity=Severity.HIGH,
    rationale="Access Analyzer reports buckets, keys, roles and other resources shared outside the zone of "
    "trust; without an analyzer covering the region, data shared with an outside account goes unnoticed.",
    remediation="From the IAM Access Analyzer delegated administrator (the security account), create an "
    "analyzer of type ORGANIZATION in every enabled region; or create an ACCOUNT analyzer in each region.",
)
def analyzer_enabled(scope: Scope) -> Iterator[Result]:
    """PASS when, in this region, this account has an ACTIVE analyzer of type ORGANIZATION or ACCOUNT, or it
    is an active member of the scanned organization and the IAM Access Analyzer delegated administrator (or
    the management account) has an ACTIVE ORGANIZATION analyzer in this region, as read in that account's own
    scan. ERROR when none passed and such an account's analyzers could not be read (or it was not scanned);
    FAIL otherwise."""
    where = f"{scope.account_id}/{scope.region}"
    own = scope.items("accessanalyzer.analyzers")
    for zone_of_trust in ("ORGANIZATION", "ACCOUNT"):
        active = active_analyzers(own, zone_of_trust)
        if active:
            yield scope.passed(active[0], f"{zone_of_trust.lower()} analyzer {active[0].name} is active here")
            return
    org = scope.org
    if org is None or scope.account_id not in org.accounts:
        yield scope.result(
            Status.FAIL, where, "no active analyzer here, and no organization analyzer is known to cover it"
        )
        return
    admins = delegated_admins(scope, SERVICE)
    candidates = dict.fromkeys([*(a.name for a in admins), org.management_account_id])
    admin_evidence = [d for a in admins for d in a.evidence]
    unknown: list[str] = []
    for account in candidates:
        if account == scope.account_id:
            continue
        records = scope.records("accessanalyzer.analyzers", account_id=account)
        label = account_label(scope, account)
        if not records or not all(r.available for r in records):
            missing = [r for r in records if not r.available]
            unknown.append(f"{label}: {missing[0].unavailable if missing else 'not scanned'}")
            continue
        active = active_analyzers([i for r in records for i in r.items], "ORGANIZATION")
        if active:
            yield scope.result(
                Status.PASS,
                active[0].resource_id,
                f"organization analyzer {active[0].name} of {label} covers this account here",
                evidence=[*admin_evidence, *active[0].evidence],
            )
            return
    if unknown:
        yield scope.result(
            Status.ERROR,
            where,
            f"not evaluated: no analyzer here, and the organization analyzer accounts could not be read: "
            f"{'; '.join(unknown)}",
            evidence=admin_evidence,
        )
        return
    names = ", ".join(account_label(scope, a) for a in candidates)
    yield scope.result(
        Status.FAIL,
        where,
        f"no active analyzer here, nor an active organization analyzer in {names}",
        evidence=admin_evidence,
    )


@check(
    id="accessanalyzer.organization-analyzer",
    title="An active organization analyzer of this account covers the whole organization in the region",
    uses=("accessanalyzer.analyzers",),
    severity=Severity.HIGH,
    rationale="Only an analyzer of type ORGANIZATION, owned by the management account or the IAM Access "
    "Analyzer delegated administrator, reports external access for every member account; an ACCOUNT analyzer "
    "covers its own account alone, so a landing zone that provides the control to other accounts must run "
    "an organization analyzer in every region.",
    remediation="From the IAM Access Analyzer delegated administrator (the security account), create an "
    "analyzer of type ORGANIZATION in every enabled region.",
)
def organization_analyzer(scope: Scope) -> Iterator[Result]:
    """PASS when this account has an ACTIVE analyzer of type ORGANIZATION in the region; FAIL otherwise,
    naming the ACCOUNT analyzers found there (they cover this account alone). The check judges the account
    that provides the control to the others: a consumer's own coverage is accessanalyzer.enabled."""
    own = scope.items("accessanalyzer.analyzers")
    active = active_analyzers(own, "ORGANIZATION")
    if active:
        yield scope.passed(active[0], f"organization analyzer {active[0].name} is active here")
        return
    local = active_analyzers(own, "ACCOUNT")
    found = f"only account analyzers ({', '.join(a.name for a in local)}), which cover this account alone"
    yield scope.result(
        Status.FAIL,
        f"{scope.account_id}/{scope.region}",
        f"no active organization analyzer here; {found if local else 'no active analyzer at all'}",
        evidence=[d for r in scope.records("accessanalyzer.analyzers") for d in r.evidence]
        + [d for a in own for d in a.evidence],
    )
