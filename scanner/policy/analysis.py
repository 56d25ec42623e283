"""Proofs over families of requests, not single requests.

`deny_coverage` proves that Deny statements deny *every* request in a family (every S3 action, present or
future; every object in a bucket; any caller), using only what the family fixes about the request: a
condition on any other key counts as not proven, so the answer can be "not covered" for a policy that is in
fact fine, but never "covered" for one that is not.

`outsider_grants` finds Allow statements an outsider (anonymous, or a principal in an account outside the
trusted accounts) could satisfy, and keeps those no Deny statement neutralises for every outsider. Here
unknown condition keys are taken as the outsider's to choose, the safe direction for a grant.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scanner.policy import wildcard
from scanner.policy.conditions import ConditionClause
from scanner.policy.document import Policy, Statement
from scanner.policy.engine import account_of


@dataclass(frozen=True)
class RequestFamily:
    """Actions and resources are wildcard patterns naming families (`s3:*` is every S3 action, present or
    future); `fixed` gives the context keys every request in the family carries (values) or lacks (None)."""

    actions: tuple[str, ...]
    resources: tuple[str, ...]
    fixed: Mapping[str, tuple[str, ...] | None]


@dataclass(frozen=True)
class Coverage:
    complete: bool
    proofs: tuple[Statement, ...]  # Deny statements that cover part of the family
    gaps: tuple[str, ...]  # what is left uncovered, in words
    near_misses: tuple[str, ...]  # Deny statements that do not cover anything, and why


def _covers(patterns: Sequence[str], negated: bool, family: str, *, ignore_case: bool) -> bool:
    """Does an Action/Resource element (or its Not- form) include every name in `family`?"""
    usable = [p for p in patterns if "${" not in p]  # a policy variable proves nothing
    if negated:
        return len(usable) == len(patterns) and not any(
            wildcard.overlaps(p, family, ignore_case=ignore_case) for p in usable
        )
    return any(wildcard.covers(p, family, ignore_case=ignore_case) for p in usable)


def applies_to_everyone(statement: Statement) -> bool:
    """No Principal element (identity policies, SCPs), `"*"`, or `{"AWS": "*"}`; never NotPrincipal."""
    spec = statement.principals
    if spec is None:
        return True  # identity policies and SCPs apply to every principal they are attached to
    return not statement.not_principal and (spec.everyone or "*" in spec.by_type.get("AWS", ()))


def _condition_gap(clause: ConditionClause, fixed: Mapping[str, tuple[str, ...] | None]) -> str | None:
    key = clause.key.lower()
    if key not in fixed:
        return f"condition {clause.describe()} depends on {clause.key}, which these requests do not fix"
    value = fixed[key]
    context = {} if value is None else {key: value}
    return None if clause.holds(context) else f"condition {clause.describe()} is false for these requests"


def _statement_gap(statement: Statement, action: str, resource: str, family: RequestFamily) -> str | None:
    """None when the Deny statement denies every request for (action, resource) in the family."""
    if not statement.is_deny:
        return "it is not a Deny"
    if not applies_to_everyone(statement):
        return (
            f"it applies only to some principals ({statement.principals and statement.principals.describe()})"
        )
    if not _covers(statement.actions, statement.not_action, action, ignore_case=True):
        return f"its actions {list(statement.actions)} do not cover {action}"
    if statement.resources is not None and not _covers(
        statement.resources, statement.not_resource, resource, ignore_case=False
    ):
        return f"its resources {list(statement.resources)} do not cover {resource}"
    for clause in statement.conditions:
        gap = _condition_gap(clause, family.fixed)
        if gap:
            return gap
    return None


def _about(statement: Statement, action: str) -> bool:
    """Whether a statement concerns the action at all (so its shortfall is worth reporting)."""
    return statement.not_action or any(
        wildcard.overlaps(p, action, ignore_case=True) for p in statement.actions
    )


def deny_coverage(policies: Sequence[Policy], family: RequestFamily) -> Coverage:
    statements = [s for p in policies for s in p.statements if s.is_deny]
    proofs: list[Statement] = []
    gaps: list[str] = []
    reasons: dict[str, str] = {}
    for action in family.actions:
        for resource in family.resources:
            covering = None
            for statement in statements:
                gap = _statement_gap(statement, action, resource, family)
                if gap is None:
                    covering = statement
                    break
                if _about(statement, action):
                    reasons.setdefault(statement.label, gap)
            if covering is None:
                gaps.append(f"{action} on {resource}")
            elif covering not in proofs:
                proofs.append(covering)
    near = tuple(f"{label}: {why}" for label, why in reasons.items() if all(p.label != label for p in proofs))
    return Coverage(not gaps, tuple(proofs), tuple(gaps), near)


# Keys whose value an outsider cannot make equal to the trusted side's value.
PRINCIPAL_KEYS = frozenset({"aws:principalorgid", "aws:principalaccount", "aws:principalarn", "aws:userid"})
SOURCE_KEYS = frozenset(
    {
        "aws:sourcevpc",
        "aws:sourcevpce",
        "aws:sourceip",
        "aws:vpcsourceip",
        "aws:sourceaccount",
        "aws:sourcearn",
        "aws:sourceowner",
        "aws:sourceorgid",
        "s3:dataaccesspointaccount",
        "s3:dataaccesspointarn",
    }
)


@dataclass(frozen=True)
class Trust:
    """Who is inside: these accounts and this organization."""

    accounts: frozenset[str]
    organization_id: str | None = None


@dataclass(frozen=True)
class Grant:
    statement: Statement
    to: str  # "anyone" or the outside principal named
    why: str


def _pinned_value(key: str, value: str, trust: Trust) -> bool:
    """Whether an outsider can never present `value` (a literal belonging to the trusted side)."""
    if key in ("aws:sourcevpc", "aws:sourcevpce"):
        return "*" not in value and "?" not in value
    if key in ("aws:sourceip", "aws:vpcsourceip"):
        return not value.endswith("/0")
    if key in ("aws:principalarn", "aws:sourcearn", "s3:dataaccesspointarn"):
        return account_of(value) in trust.accounts  # a wildcard elsewhere in the ARN stays inside
    if key == "aws:userid":
        unique_id = value.split(":", 1)[0]  # the role's or user's unique id, before any session name
        return "*" not in unique_id and "?" not in unique_id
    if "*" in value or "?" in value:
        return False
    if key in ("aws:principalorgid", "aws:sourceorgid"):
        return value == trust.organization_id
    if key in ("aws:principalaccount", "aws:sourceaccount", "aws:sourceowner", "s3:dataaccesspointaccount"):
        return value in trust.accounts
    return False


def _pins(clause: ConditionClause, trust: Trust) -> bool:
    """A clause only a trusted-side request can satisfy: a positive comparison of a restricting key with
    trusted literals (StringEquals aws:PrincipalOrgID o-ours; IpAddress aws:SourceIp 10.0.0.0/8)."""
    key = clause.key.lower()
    if key not in PRINCIPAL_KEYS | SOURCE_KEYS or clause.base == "Null" or clause.if_exists:
        return False
    if clause.qualifier == "ForAllValues" or clause.base.startswith("Not") or "Not" in clause.base:
        return False
    return all(_pinned_value(key, v, trust) for v in clause.values)


def _excludes_outsiders(clause: ConditionClause, trust: Trust) -> bool:
    """A Deny clause true for every outsider: a negated comparison of a restricting key with trusted
    literals (StringNotEquals aws:PrincipalOrgID o-ours), with or without IfExists."""
    key = clause.key.lower()
    negated = "Not" in clause.base and clause.base != "Null"
    if key not in PRINCIPAL_KEYS | SOURCE_KEYS or not negated or clause.qualifier:
        return False
    if key in SOURCE_KEYS and clause.if_exists:
        return False  # an outsider's request without the key escapes the Deny
    return all(_pinned_value(key, v, trust) for v in clause.values)


def outsiders_admitted(statement: Statement, trust: Trust) -> list[str]:
    """Who outside the trusted accounts the statement's Principal lets in: "anyone", or each outside
    principal it names (a value whose account cannot be read counts as outside)."""
    spec = statement.principals
    if spec is None:
        return []
    if statement.not_principal:
        return ["anyone not listed in NotPrincipal"]
    if spec.everyone or "*" in spec.by_type.get("AWS", ()):
        return ["anyone"]
    outside: list[str] = []
    for value in spec.by_type.get("AWS", ()):
        if account_of(value) not in trust.accounts:
            outside.append(value)
    return outside


def _neutralises(deny: Statement, allow: Statement, trust: Trust) -> bool:
    spec = deny.principals
    if deny.not_principal:
        listed = spec.by_type.get("AWS", ()) if spec else ()
        universal = (
            bool(listed)
            and all(account_of(v) in trust.accounts for v in listed)
            and set(spec.by_type if spec else {}) == {"AWS"}
        )
    else:
        universal = applies_to_everyone(deny)
    if not universal or allow.not_action or allow.not_resource:
        return False
    for action in allow.actions:
        if not _covers(deny.actions, deny.not_action, action, ignore_case=True):
            return False
    for resource in allow.resources or ("*",):
        if deny.resources is not None and not _covers(
            deny.resources, deny.not_resource, resource, ignore_case=False
        ):
            return False
    return all(_excludes_outsiders(c, trust) for c in deny.conditions)


def outsider_grants(policy: Policy, trust: Trust) -> list[Grant]:
    denies = [s for s in policy.statements if s.is_deny]
    grants: list[Grant] = []
    for statement in policy.statements:
        if statement.is_deny:
            continue
        admitted = outsiders_admitted(statement, trust)
        if not admitted:
            continue
        pinning = [c for c in statement.conditions if _pins(c, trust)]
        if pinning:
            continue
        neutraliser = next((d for d in denies if _neutralises(d, statement, trust)), None)
        if neutraliser is not None:
            continue
        conditions = "; ".join(c.describe() for c in statement.conditions)
        why = f"{statement.label} allows {list(statement.actions)} to {', '.join(admitted)}" + (
            f" under conditions an outsider can meet ({conditions})" if conditions else ""
        )
        grants.extend(Grant(statement, who, why) for who in admitted)
    return grants
