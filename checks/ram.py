"""AWS RAM checks: resources are shared only with, and accepted only from, the organization.

Partners a share is approved for are recorded as accepted exceptions (docs/configuration.md), so the
result stays visible as a FAIL marked with its exception rather than being hidden by a second allowlist.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from checks._lib.security_services import account_label
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status
from scanner.policy.engine import account_of

# arn:aws:organizations::<management account>:organization/o-xxx and ...:ou/o-xxx/ou-yyy
ORGANIZATION_ARN = re.compile(r"^arn:[\w-]+:organizations::\d{12}:(?:organization|ou)/(o-[a-z0-9]+)")
# Principal associations that grant, or are about to grant, access.
LIVE_ASSOCIATIONS = ("ASSOCIATED", "ASSOCIATING")


def outside_principal(principal: str, scope: Scope) -> str | None:
    """Why `principal` (an account id, organization or OU ARN, IAM principal ARN or service principal) is
    outside this account's organization, or None when it is inside. Without an organization read (a
    single-account scan) only this account counts as inside."""
    organization = ORGANIZATION_ARN.match(principal)
    if organization:
        own = scope.org.organization_id if scope.org is not None else None
        return None if organization.group(1) == own else f"organization {organization.group(1)}"
    if principal.endswith(".amazonaws.com"):
        return None  # an AWS service principal acts for this account, it is not another customer
    account = account_of(principal)
    if account is None:
        return f"unrecognised principal {principal}"
    return None if account in scope.organization_accounts() else f"account {account}"


@check(
    id="ram.owned-share.within-org",
    title="RAM resource shares reach only organization principals",
    for_each="ram.owned-shares",
    uses=(),
    severity=Severity.HIGH,
    rationale="A resource share hands subnets, Transit Gateways, Route 53 Resolver rules, License Manager "
    "configurations or catalog resources to other principals; a share that allows external principals can "
    "reach accounts the organization does not govern.",
    remediation="Turn off 'Allow sharing with anyone' (allowExternalPrincipals) on the share, share with the "
    "organization or its OUs, and remove principals outside it; record approved partners as exceptions.",
)
def owned_share_within_org(share: Item, scope: Scope) -> Result:
    """PASS for each ACTIVE share this account owns whose allowExternalPrincipals is false and whose
    associated (or associating) principals are all inside the organization: its accounts, its own
    organization or OU ARNs, IAM principals of its accounts, or AWS service principals. Without an
    organization read only this account is inside. Shares that are not ACTIVE are not applicable."""
    status = str(share.data.get("status", ""))
    if status != "ACTIVE":
        return scope.on_item(share, Status.NOT_APPLICABLE, f"share {share.name} is {status or 'unknown'}")
    principals = [
        str(a.get("associatedEntity", ""))
        for a in share["Principals"] or []
        if str(a.get("status", "")).upper() in LIVE_ASSOCIATIONS
    ]
    problems = []
    if share.data.get("allowExternalPrincipals") is not False:
        problems.append("allows principals outside the organization (allowExternalPrincipals)")
    outside = [why for p in principals if (why := outside_principal(p, scope)) is not None]
    if outside:
        problems.append(f"is shared with {', '.join(sorted(set(outside)))} outside the organization")
    if problems:
        return scope.failed(share, f"share {share.name} {' and '.join(problems)}")
    return scope.passed(share, f"share {share.name} reaches only organization principals ({len(principals)})")


@check(
    id="ram.received-share.from-org",
    title="Resource shares and invitations come only from organization accounts",
    uses=("ram.received-shares",),
    severity=Severity.MEDIUM,
    rationale="A share accepted from an account outside the organization puts resources the organization "
    "does not control (subnets, resolver rules, catalogs) into this account's data paths.",
    remediation="Reject pending invitations from outside accounts, leave shares they own, and record "
    "approved partners as exceptions.",
)
def received_share_from_org(scope: Scope) -> Iterator[Result]:
    """PASS for each ACTIVE share received, and each PENDING or ACCEPTED invitation, whose owning or sending
    account is in the organization (without an organization read: this account); FAIL for each one from
    another account. Not applicable when there are none."""
    judged = False
    for received in scope.items("ram.received-shares"):
        kind = received.data.get("Kind")
        status = str(received.data.get("status", "")).upper()
        if (kind, status) not in {("share", "ACTIVE"), ("invitation", "PENDING"), ("invitation", "ACCEPTED")}:
            continue
        judged = True
        sender = str(received.data.get("FromAccount") or "")
        origin = account_label(scope, sender) if sender else "an unknown account"
        what = f"{kind} {received.name} ({status.lower()}) from {origin}"
        if sender and sender in scope.organization_accounts():
            yield scope.passed(received, f"{what}, inside the organization")
        else:
            yield scope.failed(received, f"{what}, outside the organization")
    if not judged:
        yield scope.result(
            Status.NOT_APPLICABLE,
            f"{scope.account_id}/{scope.region}",
            "no active shares or open invitations received",
        )
