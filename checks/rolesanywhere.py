"""IAM Roles Anywhere checks: revocation is wired into trust anchors, and profiles hand out short sessions
to roles without broad policies."""

from __future__ import annotations

import datetime as dt

from checks._lib.dates import as_datetime, day
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

# Days an imported CRL may go without an update. AWS Private CA issues CRLs valid for 7 days by default
# (CrlConfiguration ExpirationInDays), so a copy in Roles Anywhere older than that has expired at its source
# and misses any certificate revoked since.
CRL_MAX_AGE_DAYS = 7
# Longest session a profile may vend: one hour, the Roles Anywhere default (seed: short-lived credentials).
MAX_PROFILE_SESSION_SECONDS = 3600


def _newest_enabled_crl(anchor: Item) -> tuple[dt.datetime | None, int]:
    """The latest update time of the anchor's enabled CRLs (None when no enabled CRL has a readable one)
    and the number of enabled CRLs."""
    enabled = [c for c in anchor.data.get("Crls") or [] if c.get("enabled") is True]
    times = [t for c in enabled if (t := as_datetime(c.get("updatedAt") or c.get("createdAt"))) is not None]
    return (max(times) if times else None), len(enabled)


@check(
    id="rolesanywhere.trust-anchor.crl-current",
    title="Enabled Roles Anywhere trust anchors check a current CRL",
    for_each="rolesanywhere.trust-anchors",
    uses=(),
    severity=Severity.HIGH,
    rationale="Roles Anywhere accepts any unexpired certificate from the trust anchor's CA unless a CRL "
    "says otherwise: without a current CRL, a certificate stolen from a host keeps getting AWS credentials.",
    remediation="Import the CA's CRL for the trust anchor (ImportCrl), enable it, and refresh it from the CA "
    "on a schedule shorter than the CRL's validity.",
)
def trust_anchor_crl_current(anchor: Item, scope: Scope) -> Result:
    """PASS for each enabled trust anchor with at least one enabled CRL (ListCrls, matched on
    trustAnchorArn) updated within 7 days (CRL_MAX_AGE_DAYS: the default validity of an AWS Private CA CRL)
    of the scan; FAIL without an enabled CRL or when the newest is older. Disabled anchors are not
    applicable; an unknown read time is ERROR."""
    if anchor.data.get("enabled") is not True:
        return scope.on_item(anchor, Status.NOT_APPLICABLE, f"trust anchor {anchor.name} is disabled")
    observed = as_datetime(anchor.data.get("ObservedAt"))
    if observed is None:
        return scope.on_item(anchor, Status.ERROR, "not evaluated: the read time is unknown")
    newest, enabled = _newest_enabled_crl(anchor)
    if not enabled:
        return scope.failed(
            anchor, f"trust anchor {anchor.name} has no enabled CRL, so revocation is not checked"
        )
    if newest is None:
        return scope.on_item(
            anchor, Status.ERROR, f"not evaluated: update time of {anchor.name}'s CRLs unreadable"
        )
    age = (observed - newest).days
    if age > CRL_MAX_AGE_DAYS:
        return scope.failed(
            anchor,
            f"trust anchor {anchor.name}'s newest enabled CRL was updated {day(newest)}, {age} days before "
            f"the scan (limit {CRL_MAX_AGE_DAYS})",
        )
    return scope.passed(anchor, f"trust anchor {anchor.name} has an enabled CRL updated {day(newest)}")


@check(
    id="rolesanywhere.profile.session-limits",
    title="Roles Anywhere profiles vend one-hour sessions to roles without broad policies",
    for_each="rolesanywhere.profiles",
    uses=("iam.broad-policy-roles",),
    severity=Severity.HIGH,
    rationale="A host outside AWS that authenticates with a certificate should get short-lived, narrow "
    "credentials: a long session or an administrator role turns one compromised host into the account.",
    remediation="Set the profile's durationSeconds to 3600 or less and map it only to roles scoped to the "
    "host's task (no AdministratorAccess, PowerUserAccess, IAMFullAccess, AmazonS3FullAccess or "
    "SecretsManagerReadWrite).",
)
def profile_session_limits(profile: Item, scope: Scope) -> Result:
    """PASS for each enabled profile whose durationSeconds is at most 3600 (MAX_PROFILE_SESSION_SECONDS, the
    Roles Anywhere default) and none of whose roles has one of the broad AWS managed policies attached
    (iam.broad-policy-roles, whatever the role's designation). Disabled profiles are not applicable; a
    profile without a durationSeconds is ERROR."""
    if profile.data.get("enabled") is not True:
        return scope.on_item(profile, Status.NOT_APPLICABLE, f"profile {profile.name} is disabled")
    duration = profile.data.get("durationSeconds")
    if not isinstance(duration, int):
        return scope.on_item(
            profile, Status.ERROR, f"not evaluated: profile {profile.name} has no session duration"
        )
    broad = {r.resource_id: r for r in scope.items("iam.broad-policy-roles")}
    problems = [
        f"role {broad[arn].name} has {', '.join(broad[arn].data.get('BroadPolicies') or [])}"
        for arn in profile.data.get("roleArns") or []
        if arn in broad
    ]
    if duration > MAX_PROFILE_SESSION_SECONDS:
        problems.insert(0, f"sessions last {duration} s (limit {MAX_PROFILE_SESSION_SECONDS})")
    # The attachment listing behind "no broad policy" is evidence for a PASS as much as for a FAIL.
    evidence = [d for record in scope.records("iam.broad-policy-roles") for d in record.evidence]
    if problems:
        return scope.failed(profile, f"profile {profile.name}: {'; '.join(problems)}", evidence=evidence)
    message = f"profile {profile.name} vends {duration} s sessions to roles without broad policies"
    return scope.passed(profile, message, evidence=evidence)
