"""Condition operators: what each one compares, how a missing key behaves, and the set qualifiers.

Semantics follow the IAM reference (condition operators; conditions with multiple keys or values):
- several values for one key are ORed; for a negated operator (StringNotEquals, NotIpAddress, ...) NORed;
- a key absent from the request makes a positive operator false and a negated operator true;
  `...IfExists` makes any operator true when the key is absent; `Null` tests presence itself;
- `ForAnyValue:` is true when at least one request value satisfies the operator (false when the key is
  absent or empty); `ForAllValues:` when every request value does (true when absent or empty).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from scanner.policy import wildcard

Compare = Callable[[str, str], bool]  # (request value, policy value) -> match


def _number(text: str) -> float:
    return float(text)


def _date(text: str) -> datetime:
    try:
        return datetime.fromtimestamp(float(text), UTC)
    except ValueError:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    return ipaddress.ip_network(text, strict=False)


def _safe(compare: Compare) -> Compare:
    """A request value that cannot be read as the operator's type matches nothing."""

    def guarded(request: str, policy: str) -> bool:
        try:
            return compare(request, policy)
        except ValueError:
            return False

    return guarded


def _arn_like(request: str, policy: str) -> bool:
    want, have = policy.split(":", 5), request.split(":", 5)
    return len(want) == len(have) == 6 and all(
        wildcard.matches(w, h) for w, h in zip(want, have, strict=True)
    )


def _bool(text: str) -> str:
    if text.lower() not in ("true", "false"):
        raise ValueError(f"{text!r} is not true or false")
    return text.lower()


@dataclass(frozen=True)
class Operator:
    compare: Compare
    negated: bool = False
    validate: Callable[[str], object] = str  # raises ValueError for a policy value it cannot hold


def _numeric(test: Callable[[float, float], bool], negated: bool = False) -> Operator:
    return Operator(_safe(lambda r, p: test(_number(r), _number(p))), negated, _number)


def _dated(test: Callable[[datetime, datetime], bool], negated: bool = False) -> Operator:
    return Operator(_safe(lambda r, p: test(_date(r), _date(p))), negated, _date)


def _in_network(request: str, policy: str) -> bool:
    return ipaddress.ip_address(request) in _network(policy)


OPERATORS: Mapping[str, Operator] = {
    "StringEquals": Operator(lambda r, p: r == p),
    "StringNotEquals": Operator(lambda r, p: r == p, negated=True),
    "StringEqualsIgnoreCase": Operator(lambda r, p: r.casefold() == p.casefold()),
    "StringNotEqualsIgnoreCase": Operator(lambda r, p: r.casefold() == p.casefold(), negated=True),
    "StringLike": Operator(lambda r, p: wildcard.matches(p, r)),
    "StringNotLike": Operator(lambda r, p: wildcard.matches(p, r), negated=True),
    "NumericEquals": _numeric(lambda r, p: r == p),
    "NumericNotEquals": _numeric(lambda r, p: r == p, negated=True),
    "NumericLessThan": _numeric(lambda r, p: r < p),
    "NumericLessThanEquals": _numeric(lambda r, p: r <= p),
    "NumericGreaterThan": _numeric(lambda r, p: r > p),
    "NumericGreaterThanEquals": _numeric(lambda r, p: r >= p),
    "DateEquals": _dated(lambda r, p: r == p),
    "DateNotEquals": _dated(lambda r, p: r == p, negated=True),
    "DateLessThan": _dated(lambda r, p: r < p),
    "DateLessThanEquals": _dated(lambda r, p: r <= p),
    "DateGreaterThan": _dated(lambda r, p: r > p),
    "DateGreaterThanEquals": _dated(lambda r, p: r >= p),
    "Bool": Operator(lambda r, p: r.lower() == p.lower(), validate=_bool),
    "BinaryEquals": Operator(lambda r, p: r == p),
    "IpAddress": Operator(_safe(_in_network), validate=_network),
    "NotIpAddress": Operator(_safe(_in_network), negated=True, validate=_network),
    "ArnEquals": Operator(_arn_like),
    "ArnLike": Operator(_arn_like),
    "ArnNotEquals": Operator(_arn_like, negated=True),
    "ArnNotLike": Operator(_arn_like, negated=True),
}
QUALIFIERS = ("ForAnyValue", "ForAllValues")


@dataclass(frozen=True)
class ConditionClause:
    """One operator applied to one key, e.g. `ForAnyValue:StringLikeIfExists` on `aws:TagKeys`."""

    operator: str  # as written in the policy
    base: str  # "StringLike", or "Null"
    qualifier: str | None
    if_exists: bool
    key: str
    values: tuple[str, ...]

    def holds(self, context: Mapping[str, tuple[str, ...]]) -> bool:
        """Whether the clause is true for a request whose context maps lower-cased keys to values."""
        present = context.get(self.key.lower())
        if self.base == "Null":
            absent = not present
            return any((value.lower() == "true") == absent for value in self.values)
        operator = OPERATORS[self.base]

        def one(value: str) -> bool:
            hit = any(operator.compare(value, expected) for expected in self.values)
            return not hit if operator.negated else hit

        if not present:
            if self.qualifier == "ForAllValues":
                return True
            if self.qualifier == "ForAnyValue":
                return False
            return self.if_exists or operator.negated
        if self.qualifier == "ForAllValues":
            return all(one(v) for v in present)
        if self.qualifier == "ForAnyValue":
            return any(one(v) for v in present)
        # A single-valued comparison: with several request values, the positive form needs one to match
        # and the negated form needs none to.
        hits = [any(operator.compare(v, e) for e in self.values) for v in present]
        return not any(hits) if operator.negated else any(hits)

    def describe(self) -> str:
        shown = self.values[0] if len(self.values) == 1 else list(self.values)
        return f"{self.operator} {self.key} {shown!r}"


def split_operator(operator: str) -> tuple[str | None, str, bool]:
    """`ForAllValues:StringLikeIfExists` -> ("ForAllValues", "StringLike", True); raises ValueError for
    an operator IAM does not have."""
    qualifier: str | None = None
    base = operator
    if ":" in operator:
        qualifier, base = operator.split(":", 1)
        if qualifier not in QUALIFIERS:
            raise ValueError(f"unknown set qualifier {qualifier!r}")
    if_exists = base.endswith("IfExists") and base != "IfExists"
    if if_exists:
        base = base[: -len("IfExists")]
    if base == "Null":
        if if_exists or qualifier:
            raise ValueError("Null takes neither IfExists nor a set qualifier")
    elif base not in OPERATORS:
        raise ValueError(f"unknown condition operator {operator!r}")
    return qualifier, base, if_exists


def validate_value(base: str, value: str) -> None:
    """Raise ValueError when the policy value cannot be compared by the operator (a bad date, CIDR...)."""
    if base == "Null":
        _bool(value)
    else:
        OPERATORS[base].validate(value)
