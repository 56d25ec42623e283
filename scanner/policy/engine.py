"""Decide a request against policies: explicit deny beats allow; no matching allow is an implicit deny.
Every decision carries the statements that made it, and a trace of why each statement did or did not apply."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

from scanner.policy import wildcard
from scanner.policy.document import Policy, Principals, Statement

ACCOUNT_ID = re.compile(r"^\d{12}$")
VARIABLE = re.compile(r"\$\{([^}]*)\}")
ESCAPES = {"*": "*", "?": "?", "$": "$"}


@dataclass(frozen=True)
class Principal:
    """Who makes the request. kind: AWS (an IAM ARN or account), Service, Federated, CanonicalUser, or
    Anonymous (an unsigned request)."""

    kind: str
    identifier: str = ""

    @property
    def account(self) -> str | None:
        return account_of(self.identifier) if self.kind == "AWS" else None


def account_of(value: str) -> str | None:
    """The account an AWS principal value names: a bare account id, or the account field of an ARN; None
    when there is none (a malformed or masked ARN)."""
    if ACCOUNT_ID.match(value):
        return value
    parts = value.split(":")
    return parts[4] if len(parts) > 5 and parts[0] == "arn" and ACCOUNT_ID.match(parts[4]) else None


ANONYMOUS = Principal("Anonymous")


def aws_principal(identifier: str) -> Principal:
    return Principal("AWS", identifier)


ContextValue = str | bool | int | Iterable[str] | None


@dataclass(frozen=True)
class Request:
    action: str
    resource: str | None = None
    principal: Principal = ANONYMOUS
    context: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        action: str,
        resource: str | None = None,
        principal: Principal = ANONYMOUS,
        context: Mapping[str, ContextValue] | None = None,
    ) -> Request:
        """Context values may be strings, booleans, numbers or lists; None leaves the key out."""
        return cls(action, resource, principal, normalise_context(context or {}))


def normalise_context(context: Mapping[str, ContextValue]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for key, value in context.items():
        if value is None:
            continue
        if isinstance(value, bool):
            out[key.lower()] = ("true" if value else "false",)
        elif isinstance(value, (str, int)):
            out[key.lower()] = (str(value),)
        else:
            out[key.lower()] = tuple(str(v) for v in value)
    return out


class Decision(Enum):
    EXPLICIT_DENY = "explicit deny"
    ALLOW = "allow"
    IMPLICIT_DENY = "implicit deny"


@dataclass(frozen=True)
class Match:
    """Whether a statement applies to a request, and the reason in words."""

    statement: Statement
    applies: bool
    why: str

    def line(self) -> str:
        verdict = "applies" if self.applies else "does not apply"
        return f"{self.statement.label} ({self.statement.effect}) {verdict}: {self.why}"


@dataclass(frozen=True)
class Evaluation:
    decision: Decision
    deciding: tuple[Match, ...]  # the Deny statements that applied, or the Allow statements that did
    matches: tuple[Match, ...]  # every statement considered, in order

    def trace(self) -> list[str]:
        return [f"decision: {self.decision.value}", *(m.line() for m in self.matches)]


def substitute(text: str, context: Mapping[str, tuple[str, ...]]) -> str | None:
    """Replace ${key} policy variables from the request context; None when one cannot be resolved (the
    element then matches nothing, as in IAM). ${*}, ${?} and ${$} are the escaped literal characters."""
    unresolved = False

    def value(m: re.Match[str]) -> str:
        nonlocal unresolved
        inner = m.group(1)
        if inner in ESCAPES:
            return ESCAPES[inner]
        key, _, default = inner.partition(",")
        found = context.get(key.strip().lower())
        if found and len(found) == 1:
            return found[0]
        if default:
            return default.strip().strip("'")
        unresolved = True
        return ""

    replaced = VARIABLE.sub(value, text)
    return None if unresolved else replaced


def _principal_matches(spec: Principals, principal: Principal) -> bool:
    if spec.everyone:
        return True
    for kind, values in spec.by_type.items():
        for value in values:
            if kind == "AWS":
                if value == "*":
                    return True  # {"AWS": "*"} means everyone, as "*" does
                if principal.kind != "AWS":
                    continue
                account = value if ACCOUNT_ID.match(value) else _root_account(value)
                if account is not None and principal.account == account:
                    return True
                if value == principal.identifier:
                    return True
            elif principal.kind == kind and (
                value.lower() == principal.identifier.lower()
                if kind == "Service"
                else value == principal.identifier
            ):
                return True
    return False


def _root_account(arn: str) -> str | None:
    parts = arn.split(":")
    if len(parts) == 6 and parts[0] == "arn" and parts[2] == "iam" and parts[5] == "root":
        return parts[4]
    return None


def statement_matches(statement: Statement, request: Request, *, variables: bool = True) -> Match:
    """Does `statement` apply to `request`? Action names match without regard to case; resources with it."""

    def no(why: str) -> Match:
        return Match(statement, False, why)

    hit = any(wildcard.matches(p, request.action, ignore_case=True) for p in statement.actions)
    if hit == statement.not_action:
        element = "NotAction" if statement.not_action else "Action"
        return no(
            f"{element} {list(statement.actions)} {'lists' if hit else 'does not cover'} {request.action}"
        )
    if statement.principals is not None:
        hit = _principal_matches(statement.principals, request.principal)
        if hit == statement.not_principal:
            element = "NotPrincipal" if statement.not_principal else "Principal"
            return no(f"{element} {statement.principals.describe()} does not cover {_who(request.principal)}")
    if statement.resources is not None and request.resource is not None:
        patterns = [substitute(p, request.context) if variables else p for p in statement.resources]
        hit = any(p is not None and wildcard.matches(p, request.resource) for p in patterns)
        if hit == statement.not_resource:
            element = "NotResource" if statement.not_resource else "Resource"
            return no(f"{element} {list(statement.resources)} does not cover {request.resource}")
    for clause in statement.conditions:
        if not clause.holds(request.context):
            return no(f"condition {clause.describe()} is false for this request")
    conditions = "; ".join(c.describe() for c in statement.conditions)
    return Match(
        statement, True, f"covers {request.action}" + (f" and {conditions} holds" if conditions else "")
    )


def _who(principal: Principal) -> str:
    return (
        "an anonymous caller" if principal.kind == "Anonymous" else f"{principal.kind} {principal.identifier}"
    )


def evaluate(policies: Sequence[Policy], request: Request) -> Evaluation:
    """The decision of these policies together (one policy type: e.g. a bucket policy, or an SCP set)."""
    matches = tuple(
        statement_matches(s, request, variables=p.supports_variables) for p in policies for s in p.statements
    )
    denies = tuple(m for m in matches if m.applies and m.statement.is_deny)
    if denies:
        return Evaluation(Decision.EXPLICIT_DENY, denies, matches)
    allows = tuple(m for m in matches if m.applies and not m.statement.is_deny)
    if allows:
        return Evaluation(Decision.ALLOW, allows, matches)
    return Evaluation(Decision.IMPLICIT_DENY, (), matches)
