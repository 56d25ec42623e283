"""Organization guardrails decided from the SCPs in effect along each account's path."""

from __future__ import annotations

from collections.abc import Iterator

from checks._lib.security_services import (
    CORE_SECURITY_SERVICES,
    DELEGATED_ADMINS,
    SECURITY_ROLES,
    SERVICE_PRINCIPALS,
    account_label,
    delegated_admins,
)
from scanner.checkapi import Per, Scope, check
from scanner.errors import Reason
from scanner.model import Result, Severity, Status
from scanner.org import OrgTree
from scanner.policy import Policy, PolicyError, parse_policy
from scanner.policy.analysis import RequestFamily, deny_coverage

SSE_HEADER = "s3:x-amz-server-side-encryption"


class UnreadablePathError(Exception):
    """An SCP along the path could not be read, so the guardrail cannot be decided."""


def parse_scp(content: str, name: str) -> Policy:
    """An SCP: a policy without Principal elements (Organizations rejects them)."""
    policy = parse_policy(content, name)
    for statement in policy.statements:
        if statement.principals is not None:
            raise PolicyError(f"policy {name}: Statement[{statement.index}]: an SCP cannot name a Principal")
    return policy


def scps_in_effect(org: OrgTree, account_id: str) -> list[tuple[str, Policy]]:
    """(node name, policy) for every SCP attached from the root down to the account itself."""
    placement = org.placement_problem(account_id)
    if placement is not None:
        raise UnreadablePathError(f"the account's place in the organization could not be read ({placement})")
    policies: list[tuple[str, Policy]] = []
    for node in org.path(account_id):
        if node.policy_ids is None:
            why = _why(node.problems.get("Policies"))
            raise UnreadablePathError(f"the SCPs attached to {node.kind} {node.name} could not be read{why}")
        for policy_id in node.policy_ids:
            policy = org.policies.get(policy_id)
            if policy is None:
                why = _why(org.unreadable_policies.get(policy_id))
                raise UnreadablePathError(f"SCP {policy_id} attached to {node.name} could not be read{why}")
            try:
                parsed = parse_scp(policy.content, f"SCP {policy.name} ({policy_id})")
            except PolicyError as exc:
                raise UnreadablePathError(str(exc)) from None
            policies.append((node.name, parsed))
    return policies


def _why(reason: Reason | None) -> str:
    return f" ({reason})" if reason is not None else ""


@check(
    id="organizations.scp.deny-unencrypted-s3-uploads",
    title="SCPs deny S3 uploads that carry no server-side-encryption header",
    uses=(),
    per=Per.ACCOUNT,
    severity=Severity.HIGH,
    rationale="A guardrail in the organization stops any principal in the account from writing an object "
    "without requesting encryption, whatever the bucket's own policy says.",
    remediation='Attach an SCP with {"Effect": "Deny", "Action": "s3:PutObject", "Resource": "*", '
    '"Condition": {"Null": {"s3:x-amz-server-side-encryption": "true"}}} at the root or to the OU that '
    "holds the account.",
)
def deny_unencrypted_uploads(scope: Scope) -> Iterator[Result]:
    """PASS when the SCPs in effect along the account's path (root, each OU down to it, the account
    itself) explicitly deny s3:PutObject on every object of every bucket whenever the request has no
    server-side-encryption header, with no other condition a request could escape. The management account
    is never governed by SCPs, so it never passes."""
    org = scope.org
    where = scope.account_id
    if org is None:
        yield scope.result(Status.ERROR, where, "not evaluated: the organization (and its SCPs) was not read")
        return
    if scope.account_id == org.management_account_id:
        yield scope.result(
            Status.FAIL,
            where,
            "this is the management account: SCPs never apply to it, so no SCP can deny its uploads",
        )
        return
    if scope.account_id not in org.nodes:
        yield scope.result(Status.FAIL, where, "the account is not in the organization, so no SCP applies")
        return
    try:
        in_effect = scps_in_effect(org, scope.account_id)
    except UnreadablePathError as exc:
        yield scope.result(Status.ERROR, where, f"not evaluated: {exc}")
        return
    family = RequestFamily(("s3:PutObject",), ("arn:aws:s3:::*/*",), {SSE_HEADER: None})
    coverage = deny_coverage([p for _, p in in_effect], family)
    attached = {p.name: node for node, p in in_effect}
    evidence = path_evidence(org, scope.account_id)
    details = {
        "path": [n.name for n in org.path(scope.account_id)],
        "scps_in_effect": [f"{p.name} (attached to {node})" for node, p in in_effect],
        "deciding_statements": [s.cite() for s in coverage.proofs],
    }
    if coverage.complete:
        proofs = ", ".join(f"{s.label} attached to {attached[s.policy]}" for s in coverage.proofs)
        message = f"unencrypted uploads are denied by {proofs}"
        yield scope.result(Status.PASS, where, message, evidence=evidence, details=details)
        return
    why = "; ".join(coverage.near_misses) or "no SCP on the path has a Deny for s3:PutObject"
    message = f"no SCP in effect denies uploads without encryption ({why})"
    yield scope.result(Status.FAIL, where, message, evidence=evidence, details=details)


def path_evidence(org: OrgTree, account_id: str) -> list[str]:
    """The responses that show which SCPs are in effect for an account: each node on its path (with the
    policies attached to it) and each of those policies' documents."""
    path = org.path(account_id)
    attached = [org.policies[p] for node in path for p in node.policy_ids or () if p in org.policies]
    return [*(d for node in path for d in node.evidence), *(d for p in attached for d in p.evidence)]


def _management_only(scope: Scope, what: str) -> Result | None:
    """ERROR without an organization; NOT_APPLICABLE outside the management account; None in it."""
    org = scope.org
    if org is None:
        return scope.result(
            Status.ERROR, scope.account_id, f"not evaluated: the organization was not read ({what})"
        )
    if scope.account_id != org.management_account_id:
        return scope.result(
            Status.NOT_APPLICABLE, scope.account_id, f"{what} is judged in the management account"
        )
    return None


@check(
    id="organizations.all-features",
    title="The organization has all features enabled",
    uses=(),
    per=Per.ACCOUNT,
    severity=Severity.HIGH,
    rationale="Only with all features can SCPs, tag policies and delegated administration of the security "
    "services be used; consolidated billing alone gives no guardrails.",
    remediation="From the management account, enable all features (EnableAllFeatures) and have every member "
    "account approve.",
)
def all_features(scope: Scope) -> Iterator[Result]:
    """In the management account: PASS when DescribeOrganization reports FeatureSet ALL. Other accounts are
    not applicable."""
    skipped = _management_only(scope, "the organization's feature set")
    if skipped is not None:
        yield skipped
        return
    assert scope.org is not None
    feature_set = scope.org.feature_set or "unknown"
    status = Status.PASS if feature_set == "ALL" else Status.FAIL
    yield scope.result(
        status, scope.org.organization_id, f"feature set is {feature_set}", evidence=scope.org.evidence
    )


@check(
    id="organizations.delegated-admins",
    title="The security services are delegated to the security (or audit) account",
    uses=(DELEGATED_ADMINS,),
    severity=Severity.HIGH,
    rationale="Administering GuardDuty, Security Hub, Macie, Inspector, Access Analyzer and Config from the "
    "security account keeps the management account unused and workload accounts out of security tooling.",
    remediation="From the management account, register the security account as delegated administrator for "
    "each service (usually through the service's own EnableOrganizationAdminAccount).",
)
def delegated_admins_in_security_account(scope: Scope) -> Iterator[Result]:
    """In the management account, one result per security service (GuardDuty, Security Hub, Macie,
    Inspector, IAM Access Analyzer, AWS Config): PASS when Organizations lists delegated administrators for
    it and every one is an account placed in the security or audit role. Other accounts are not
    applicable."""
    skipped = _management_only(scope, "delegated administration")
    if skipped is not None:
        yield skipped
        return
    expected = scope.accounts_in_role(*SECURITY_ROLES)
    for service in CORE_SECURITY_SERVICES:
        principal = SERVICE_PRINCIPALS[service][0]
        admins = delegated_admins(scope, service)
        evidence = [d for a in admins for d in a.evidence]
        names = ", ".join(
            f"{account_label(scope, a.name)} ({scope.roles.get(a.name, 'unplaced')})" for a in admins
        )
        if not admins:
            yield scope.result(Status.FAIL, principal, f"{service} has no delegated administrator")
        elif not expected:
            yield scope.result(
                Status.FAIL,
                principal,
                f"{service} is delegated to {names}, but no account holds the security or audit role",
                evidence=evidence,
            )
        elif all(a.name in expected for a in admins):
            yield scope.result(
                Status.PASS, principal, f"{service} is delegated to {names}", evidence=evidence
            )
        else:
            yield scope.result(
                Status.FAIL,
                principal,
                f"{service} is delegated to {names}, not to a security or audit account",
                evidence=evidence,
            )


# The landing-zone accounts the seed's reference architecture needs, each satisfied by any of its roles.
LANDING_ZONE_ACCOUNTS = {
    "log-archive": ("log-archive",),
    "security or audit": SECURITY_ROLES,
    "networking": ("networking",),
    "shared-services": ("shared-services",),
}


@check(
    id="organizations.landing-zone-accounts",
    title="The landing-zone accounts exist in their own OUs",
    uses=(),
    per=Per.ACCOUNT,
    severity=Severity.MEDIUM,
    rationale="The phased HITRUST approach certifies the landing zone once and lets applications inherit it; "
    "that needs the log-archive, security, networking and shared-services accounts to exist and to sit "
    "apart from the application accounts.",
    remediation="Create the missing accounts (or name them in the org config's roles) and move them into "
    "landing-zone OUs that hold no application account.",
)
def landing_zone_accounts(scope: Scope) -> Iterator[Result]:
    """In the management account, one result per landing-zone role (log-archive, security or audit,
    networking, shared-services): PASS when an active account holds it (org config placement, else
    inferred from names) and sits in an OU, not the root, that holds no application account; ERROR where
    an account's OU could not be read and that could change the verdict. Other accounts are not
    applicable."""
    skipped = _management_only(scope, "the landing-zone layout")
    if skipped is not None:
        yield skipped
        return
    org = scope.org
    assert org is not None
    application_ous = {
        org.accounts[a].ou_path for a in scope.accounts_in_role("application") if a in org.accounts
    }
    # Accounts ListAccounts names but whose OU could not be listed: their OU (and so a role placed by OU path)
    # is unknown, and so is whether an application account shares a landing-zone OU.
    unplaced = [(a, r) for a in org.active_account_ids() if (r := org.placement_problem(a)) is not None]
    unknown = (
        f"the place of {len(unplaced)} account(s) could not be read ({unplaced[0][1]})" if unplaced else ""
    )
    for what, roles in LANDING_ZONE_ACCOUNTS.items():
        holders = [a for a in scope.accounts_in_role(*roles) if a in org.accounts]
        if not holders:
            if unplaced:
                yield scope.result(
                    Status.ERROR, what, f"not evaluated: no account holds the {what} role, but {unknown}"
                )
            else:
                yield scope.result(Status.FAIL, what, f"no active account holds the {what} role")
            continue
        for account_id in holders:
            account = org.accounts[account_id]
            where = "/".join(account.ou_path) or "the root"
            evidence = org.nodes[account_id].evidence if account_id in org.nodes else ()
            placement = org.placement_problem(account_id)
            if placement is not None:
                status, message = (
                    Status.ERROR,
                    f"not evaluated: the OU of {account.label} ({what}) could not be read ({placement})",
                )
            elif not account.ou_path:
                status, message = Status.FAIL, f"{account.label} ({what}) sits directly under the root"
            elif account.ou_path in application_ous:
                status, message = (
                    Status.FAIL,
                    f"{account.label} ({what}) shares OU {where} with application accounts",
                )
            elif unplaced:
                status, message = (
                    Status.ERROR,
                    f"not evaluated: {account.label} ({what}) is in OU {where}, but whether application "
                    f"accounts share it is unknown: {unknown}",
                )
            else:
                status, message = Status.PASS, f"{account.label} ({what}) is in OU {where}"
            yield scope.result(status, account_id, message, evidence=evidence)
