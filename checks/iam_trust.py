"""IAM role trust policies: who may assume each role, decided by the policy engine."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status
from scanner.policy import Policy, PolicyError, Statement, parse_policy
from scanner.policy.analysis import Trust, outsiders_admitted
from scanner.policy.conditions import ConditionClause
from scanner.policy.wildcard import matches

PLACEHOLDER = re.compile(r"<[^<>]+>")
WEB_IDENTITY_ACTION = "sts:AssumeRoleWithWebIdentity"
ASSUME_ACTIONS = ("sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML")


def _allows(statement: Statement, action: str) -> bool:
    hit = any(matches(p, action, ignore_case=True) for p in statement.actions)
    return not statement.is_deny and hit != statement.not_action


def _positive(clause: ConditionClause) -> bool:
    return not clause.if_exists and clause.base != "Null" and "Not" not in clause.base


def _meaningful(value: str) -> bool:
    """A value that names something: not empty and not a bare wildcard."""
    return bool(value.strip("*?"))


def _provider_name(provider: str) -> str:
    """accounts.google.com, or the host of an OIDC provider ARN (arn:aws:iam::1:oidc-provider/HOST)."""
    return provider.split("oidc-provider/", 1)[-1]


@dataclass(frozen=True)
class WebIdentityTrust:
    statement: Statement
    provider: str
    pinned: bool
    placeholders: list[str] = field(default_factory=list)


def web_identity_findings(policy: Policy) -> list[WebIdentityTrust]:
    """Each web-identity provider an Allow statement trusts, and whether the subject (for Cognito: the
    identity pool, `aud`) is pinned by a positive condition with a meaningful value."""
    found: list[WebIdentityTrust] = []
    for statement in policy.statements:
        spec = statement.principals
        if spec is None or not _allows(statement, WEB_IDENTITY_ACTION):
            continue
        for provider in spec.by_type.get("Federated", ()):
            if ":saml-provider/" in provider:
                continue
            name = _provider_name(provider)
            wanted = {f"{name}:aud"} if name == "cognito-identity.amazonaws.com" else {f"{name}:sub"}
            pins = [
                c
                for c in statement.conditions
                if c.key.lower() in {w.lower() for w in wanted}
                and _positive(c)
                and all(_meaningful(v) for v in c.values)
            ]
            placeholders = [m for c in pins for v in c.values for m in PLACEHOLDER.findall(v)]
            found.append(WebIdentityTrust(statement, provider, bool(pins), placeholders))
    return found


def _trust_policy(role: Item) -> Policy:
    return parse_policy(role.data["AssumeRolePolicyDocument"], f"trust policy of role {role.name}")


def _third_party_guard(statement: Statement) -> str | None:
    for clause in statement.conditions:
        key = clause.key.lower()
        if key == "sts:externalid" and _positive(clause) and all(_meaningful(v) for v in clause.values):
            return f"requires external id ({clause.describe()})"
        if key in ("aws:principalorgid", "aws:principalorgpaths") and _positive(clause):
            return f"requires organization membership ({clause.describe()})"
    return None


def _judge_roles(
    scope: Scope, judge: Callable[[Item, Policy], Result | None], nothing_relevant: str
) -> Iterator[Result]:
    """One result per role the judge finds relevant (and an ERROR per unreadable trust policy); not
    applicable, saying why, when no role is relevant."""
    relevant = False
    for role in scope.items("iam.roles"):
        try:
            policy = _trust_policy(role)
        except PolicyError as exc:
            relevant = True
            yield scope.on_item(role, Status.ERROR, f"not evaluated: {exc}")
            continue
        result = judge(role, policy)
        if result is not None:
            relevant = True
            yield result
    if not relevant:
        yield scope.result(Status.NOT_APPLICABLE, scope.account_id, nothing_relevant)


@check(
    id="iam.role.trust-web-identity-scoped",
    title="Roles trusting a web identity provider pin the subject",
    uses=("iam.roles",),
    severity=Severity.HIGH,
    rationale="A role that trusts a web identity provider (Google, GitHub, an EKS cluster) without a subject "
    "condition can be assumed by any identity that provider issues, including other customers' workloads.",
    remediation="Add a StringEquals (or a narrow StringLike) condition on the provider's `sub` key (for "
    "Cognito, `aud`) naming the exact service account, repository or pool.",
)
def web_identity_scoped(scope: Scope) -> Iterator[Result]:
    """PASS for each role whose trust policy lets a web identity provider assume it only with a positive
    condition on the provider's subject key (`aud` for Cognito) naming something specific; an unfilled
    placeholder such as `<service-account>` is reported in the message. Not applicable when no role trusts a
    web identity provider."""

    def judge(role: Item, policy: Policy) -> Result | None:
        findings = web_identity_findings(policy)
        if not findings:
            return None
        details = {"deciding_statements": [f.statement.cite() for f in findings]}
        loose = [f for f in findings if not f.pinned]
        if loose:
            providers = ", ".join(sorted({f.provider for f in loose}))
            return scope.failed(
                role,
                f"any identity from {providers} can assume {role.name}: no subject condition pins it",
                details=details,
            )
        holes = sorted({p for f in findings for p in f.placeholders})
        note = f" (the condition still holds an unfilled placeholder: {', '.join(holes)})" if holes else ""
        return scope.passed(
            role, f"web identity trust of {role.name} is pinned to a subject{note}", details=details
        )

    yield from _judge_roles(scope, judge, "no role trusts a web identity provider")


@check(
    id="iam.role.trust-third-party-external-id",
    title="Roles trusting another account require an external id or organization membership",
    uses=("iam.roles",),
    severity=Severity.HIGH,
    rationale="A role that trusts an account outside the organization without an external id is open to "
    "the confused-deputy problem: the vendor can be tricked into using it on another customer's behalf.",
    remediation="Add a StringEquals condition on sts:ExternalId with the value the vendor issued you, or "
    "restrict the trust to your organization with aws:PrincipalOrgID.",
)
def third_party_external_id(scope: Scope) -> Iterator[Result]:
    """PASS for each role trusting an account outside the organization (or anyone) in which every such
    statement requires a specific sts:ExternalId or organization membership (aws:PrincipalOrgID /
    aws:PrincipalOrgPaths). Not applicable when no role trusts an account outside the organization."""
    inside = Trust(scope.organization_accounts())

    def judge(role: Item, policy: Policy) -> Result | None:
        trusting = [
            (s, who)
            for s in policy.statements
            if any(_allows(s, a) for a in ASSUME_ACTIONS) and (who := outsiders_admitted(s, inside))
        ]
        if not trusting:
            return None
        details = {"deciding_statements": [s.cite() for s, _ in trusting]}
        unguarded = [who for s, who in trusting if _third_party_guard(s) is None]
        if unguarded:
            names = ", ".join(w for who in unguarded for w in who)
            return scope.failed(
                role,
                f"{role.name} can be assumed from {names} with neither an external id nor an organization "
                "condition",
                details=details,
            )
        guards = "; ".join(str(_third_party_guard(s)) for s, _ in trusting)
        return scope.passed(role, f"{role.name} trusts outside accounts but {guards}", details=details)

    yield from _judge_roles(scope, judge, "no role trusts an account outside the organization")
