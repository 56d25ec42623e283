"""Policy documents parsed into statements, with every malformation reported by policy name and place."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scanner.errors import ControlmapError
from scanner.policy.conditions import ConditionClause, split_operator, validate_value

STATEMENT_KEYS = frozenset(
    {
        "Sid",
        "Effect",
        "Principal",
        "NotPrincipal",
        "Action",
        "NotAction",
        "Resource",
        "NotResource",
        "Condition",
    }
)
DOCUMENT_KEYS = frozenset({"Version", "Id", "Statement"})
PRINCIPAL_TYPES = frozenset({"AWS", "Service", "Federated", "CanonicalUser"})


class PolicyError(ControlmapError):
    """A policy document that cannot be evaluated; the message names the policy and the place."""


@dataclass(frozen=True)
class Principals:
    """A Principal (or NotPrincipal) element: `"*"`, or values per principal type."""

    everyone: bool = False
    by_type: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def describe(self) -> str:
        if self.everyone:
            return '"*"'
        return ", ".join(f"{kind}: {', '.join(values)}" for kind, values in self.by_type.items())


@dataclass(frozen=True)
class Statement:
    policy: str  # the policy's name, so a statement cited alone still says where it came from
    index: int
    sid: str
    effect: str  # "Allow" | "Deny"
    actions: tuple[str, ...]
    not_action: bool = False
    resources: tuple[str, ...] | None = None  # None: no Resource element (trust policies)
    not_resource: bool = False
    principals: Principals | None = None  # None: no Principal element (identity policies, SCPs)
    not_principal: bool = False
    conditions: tuple[ConditionClause, ...] = ()
    source: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def label(self) -> str:
        return (
            f"{self.policy} statement {self.sid!r}" if self.sid else f"{self.policy} statement #{self.index}"
        )

    @property
    def is_deny(self) -> bool:
        return self.effect == "Deny"

    def cite(self) -> dict[str, Any]:
        """The statement as evidence: where it is and exactly what it says."""
        return {"policy": self.policy, "index": self.index, "sid": self.sid, "statement": dict(self.source)}


@dataclass(frozen=True)
class Policy:
    name: str
    version: str
    statements: tuple[Statement, ...]

    @property
    def supports_variables(self) -> bool:
        return self.version == "2012-10-17"


def parse_policy(document: str | Mapping[str, Any], name: str) -> Policy:
    """Parse a policy given as JSON text (plain or URL-encoded, as IAM returns it) or as a decoded mapping."""
    data = _decode(document, name) if isinstance(document, str) else document
    if not isinstance(data, Mapping):
        raise PolicyError(f"policy {name}: the document is a JSON {type(data).__name__}, not an object")
    unknown = sorted(set(data) - DOCUMENT_KEYS)
    if unknown:
        raise PolicyError(f"policy {name}: unknown top-level element(s) {', '.join(unknown)}")
    version = data.get("Version", "2008-10-17")
    if version not in ("2012-10-17", "2008-10-17"):
        raise PolicyError(f"policy {name}: Version {version!r} is neither 2012-10-17 nor 2008-10-17")
    if "Statement" not in data:
        raise PolicyError(f"policy {name}: no Statement element")
    raw = data["Statement"]
    raw_statements = [raw] if isinstance(raw, Mapping) else raw
    if not isinstance(raw_statements, list) or not raw_statements:
        raise PolicyError(f"policy {name}: Statement must be an object or a non-empty list of objects")
    statements = tuple(_statement(name, i, s) for i, s in enumerate(raw_statements))
    return Policy(name, str(version), statements)


def _decode(text: str, name: str) -> Any:
    stripped = text.strip()
    if stripped.startswith("%7B") or stripped.startswith("%7b"):
        stripped = urllib.parse.unquote(stripped)
    try:
        return json.loads(stripped)
    except json.JSONDecodeError as exc:
        raise PolicyError(
            f"policy {name}: not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from None


def _statement(policy: str, index: int, raw: Any) -> Statement:
    where = f"policy {policy}: Statement[{index}]"
    if not isinstance(raw, Mapping):
        raise PolicyError(f"{where} is a JSON {type(raw).__name__}, not an object")
    unknown = sorted(set(raw) - STATEMENT_KEYS)
    if unknown:
        raise PolicyError(f"{where}: unknown element(s) {', '.join(unknown)}")
    effect = raw.get("Effect")
    if effect not in ("Allow", "Deny"):
        raise PolicyError(f"{where}: Effect must be Allow or Deny, not {effect!r}")
    actions, not_action = _one_of(raw, "Action", "NotAction", where, required=True)
    resources, not_resource = _one_of(raw, "Resource", "NotResource", where, required=False)
    principals, not_principal = _principal(raw, where)
    sid = raw.get("Sid", "")
    if not isinstance(sid, str):
        raise PolicyError(f"{where}: Sid must be a string")
    return Statement(
        policy=policy,
        index=index,
        sid=sid,
        effect=effect,
        actions=actions or (),
        not_action=not_action,
        resources=resources,
        not_resource=not_resource,
        principals=principals,
        not_principal=not_principal,
        conditions=_conditions(raw.get("Condition"), where),
        source=dict(raw),
    )


def _strings(value: Any, where: str) -> tuple[str, ...]:
    """A scalar or a list of scalars, as strings; JSON booleans and numbers are accepted as IAM does."""
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for entry in items:
        if isinstance(entry, bool):
            out.append("true" if entry else "false")
        elif isinstance(entry, (str, int, float)):
            out.append(str(entry))
        else:
            raise PolicyError(f"{where}: expected a string or a list of strings, found {json.dumps(entry)}")
    if not out:
        raise PolicyError(f"{where}: the list is empty")
    return tuple(out)


def _one_of(
    raw: Mapping[str, Any], plain: str, negated: str, where: str, *, required: bool
) -> tuple[tuple[str, ...] | None, bool]:
    if plain in raw and negated in raw:
        raise PolicyError(f"{where}: has both {plain} and {negated}")
    if plain in raw:
        return _strings(raw[plain], f"{where}.{plain}"), False
    if negated in raw:
        return _strings(raw[negated], f"{where}.{negated}"), True
    if required:
        raise PolicyError(f"{where}: has neither {plain} nor {negated}")
    return None, False


def _principal(raw: Mapping[str, Any], where: str) -> tuple[Principals | None, bool]:
    if "Principal" in raw and "NotPrincipal" in raw:
        raise PolicyError(f"{where}: has both Principal and NotPrincipal")
    key = "Principal" if "Principal" in raw else "NotPrincipal" if "NotPrincipal" in raw else None
    if key is None:
        return None, False
    value = raw[key]
    place = f"{where}.{key}"
    if value == "*":
        return Principals(everyone=True), key == "NotPrincipal"
    if not isinstance(value, Mapping) or not value:
        raise PolicyError(f'{place}: expected "*" or an object such as {{"AWS": [...]}}')
    unknown = sorted(set(value) - PRINCIPAL_TYPES)
    if unknown:
        raise PolicyError(f"{place}: unknown principal type(s) {', '.join(unknown)}")
    by_type = {kind: _strings(v, f"{place}.{kind}") for kind, v in value.items()}
    return Principals(by_type=by_type), key == "NotPrincipal"


def _conditions(raw: Any, where: str) -> tuple[ConditionClause, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, Mapping):
        raise PolicyError(f"{where}.Condition must be an object")
    clauses: list[ConditionClause] = []
    for operator, keys in raw.items():
        place = f"{where}.Condition.{operator}"
        try:
            qualifier, base, if_exists = split_operator(operator)
        except ValueError as exc:
            raise PolicyError(f"{place}: {exc}") from None
        if not isinstance(keys, Mapping) or not keys:
            raise PolicyError(f"{place} must map condition keys to values")
        for key, value in keys.items():
            values = _strings(value, f"{place}.{key}")
            for v in values:
                try:
                    validate_value(base, v)
                except ValueError as exc:
                    raise PolicyError(f"{place}.{key}: {v!r} cannot be compared by {base} ({exc})") from None
            clauses.append(ConditionClause(operator, base, qualifier, if_exists, str(key), values))
    return tuple(clauses)
