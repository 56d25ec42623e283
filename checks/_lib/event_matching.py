"""Conservative matching of CloudWatch Logs filter patterns and EventBridge event patterns against sample
CloudTrail events: whatever is not understood matches nothing, so a watcher is never credited by mistake."""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any

# One token of a JSON metric filter pattern: parentheses, && and ||, a comparison `$.field op value` or a
# test `$.field NOT EXISTS` (and the other keyword tests, which are recognised but never credited).
# https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
_TOKEN = re.compile(
    r"""\s*(?:
        (?P<open>\() | (?P<close>\)) | (?P<and>&&) | (?P<or>\|\|)
      | \$\.(?P<field>[A-Za-z0-9_.\[\]-]+)\s*(?P<op>!=|=|>=|<=|>|<)\s*(?P<value>"(?:[^"\\]|\\.)*"|[^\s()&|]+)
      | \$\.(?P<test_field>[A-Za-z0-9_.\[\]-]+)\s+
        (?P<test>NOT\s+EXISTS|IS\s+NULL|NOT\s+NULL|IS\s+TRUE|IS\s+FALSE|EXISTS)
    )""",
    re.VERBOSE,
)
# A negative condition: (field, value) for `$.field != value`, (field, None) for `$.field NOT EXISTS`.
Exclusion = tuple[str, str | None]


class _UnparsedError(ValueError):
    """The filter pattern is not a JSON pattern this module understands."""


def _field(event: Mapping[str, Any], path: str) -> Any:
    value: Any = event
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


# Patterns are matched against every sample event of every category for every account and region: the parsed
# forms are memoised (both are pure functions of the pattern text).
@functools.lru_cache(maxsize=4096)
def _wildcard(value: str) -> re.Pattern[str]:
    return re.compile("".join(".*" if c == "*" else re.escape(c) for c in value) + r"\Z")


@functools.lru_cache(maxsize=1024)
def _tokens(pattern: str) -> tuple[re.Match[str], ...]:
    text = pattern.strip()
    if not (text.startswith("{") and text.endswith("}")):
        raise _UnparsedError(pattern)
    body, tokens, at = text[1:-1].rstrip(), [], 0
    while at < len(body):
        match = _TOKEN.match(body, at)
        if match is None or match.end() == at:
            raise _UnparsedError(pattern)
        tokens.append(match)
        at = match.end()
    return tuple(tokens)


def _atom(token: re.Match[str], event: Mapping[str, Any], exclusions: Collection[Exclusion]) -> bool:
    """Does the comparison hold for the event? Negations hold only when they are tolerated exclusions."""
    if token["test"] is not None:
        test = " ".join(token["test"].split())
        absent = _field(event, token["test_field"]) is None
        return test == "NOT EXISTS" and (token["test_field"], None) in exclusions and absent
    raw = token["value"]
    value = raw[1:-1] if raw.startswith('"') else raw
    actual = _field(event, token["field"])
    if not isinstance(actual, str):
        return False
    if token["op"] == "=":
        return _wildcard(value).match(actual) is not None
    if token["op"] == "!=":
        return (token["field"], value) in exclusions and "*" not in value and actual != value
    return False  # numeric comparisons are not about the sample events


def _evaluate(
    tokens: Sequence[re.Match[str]], event: Mapping[str, Any], exclusions: Collection[Exclusion]
) -> bool:
    """Evaluate under both readings of unparenthesised && and || (&& binding tighter, or left to right):
    the documentation does not state a precedence, so a pattern counts only when both readings match."""
    position = 0

    def group() -> tuple[list[bool], list[str]]:
        nonlocal position
        values: list[bool] = []
        operators: list[str] = []
        while position < len(tokens):
            token = tokens[position]
            position += 1
            if token["close"] is not None:
                break
            if token["and"] is not None or token["or"] is not None:
                if len(operators) != len(values) - 1 or not values:
                    raise _UnparsedError("operator without operand")
                operators.append("&&" if token["and"] is not None else "||")
                continue
            if len(values) != len(operators):
                raise _UnparsedError("operand without operator")
            if token["open"] is not None:
                inner, inner_ops = group()
                values.append(_combine(inner, inner_ops))
            else:
                values.append(_atom(token, event, exclusions))
        if not values or len(operators) != len(values) - 1:
            raise _UnparsedError("incomplete expression")
        return values, operators

    values, operators = group()
    if position != len(tokens):
        raise _UnparsedError("unbalanced parentheses")
    return _combine(values, operators)


def _combine(values: list[bool], operators: list[str]) -> bool:
    left_to_right = values[0]
    for operator, value in zip(operators, values[1:], strict=True):
        left_to_right = (left_to_right and value) if operator == "&&" else (left_to_right or value)
    terms, current = [], values[0]
    for operator, value in zip(operators, values[1:], strict=True):
        if operator == "&&":
            current = current and value
        else:
            terms.append(current)
            current = value
    terms.append(current)
    return left_to_right and any(terms)


def filter_pattern_matches(
    pattern: str, event: Mapping[str, Any], exclusions: Collection[Exclusion] = ()
) -> bool:
    """Whether a JSON metric filter pattern certainly matches the CloudTrail record `event`: comparisons
    with `=` (with * wildcards) must hold, a `!=` or NOT EXISTS counts only when it is one of `exclusions`
    (the benchmark's own exclusions) and holds, and anything else (text patterns, numeric or keyword tests,
    unknown syntax) matches nothing."""
    try:
        return _evaluate(_tokens(pattern), event, exclusions)
    except _UnparsedError:
        return False


def _value_matches(expected: Any, actual: Any) -> bool:
    if isinstance(expected, Mapping):
        if len(expected) != 1 or not isinstance(actual, str):
            return False
        [(kind, operand)] = expected.items()
        if not isinstance(operand, str):
            return False
        if kind == "prefix":
            return actual.startswith(operand)
        if kind == "suffix":
            return actual.endswith(operand)
        if kind == "wildcard":
            return _wildcard(operand).match(actual) is not None
        if kind == "equals-ignore-case":
            return actual.lower() == operand.lower()
        return False  # anything-but, exists, numeric, cidr: exclusions or tests, never credited
    return type(expected) is type(actual) and bool(expected == actual)


def event_pattern_matches(pattern: Mapping[str, Any], event: Mapping[str, Any]) -> bool:
    """Whether an EventBridge event pattern certainly matches `event`: every field it names is present and
    matches one of its listed values (plain values, or prefix, suffix, wildcard and equals-ignore-case
    filters); other content filters and $or match nothing here.
    https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html"""
    for key, expected in pattern.items():
        if key not in event:
            return False
        actual = event[key]
        if isinstance(expected, Mapping):
            if not isinstance(actual, Mapping) or not event_pattern_matches(expected, actual):
                return False
        elif not isinstance(expected, list) or not any(_value_matches(e, actual) for e in expected):
            return False
    return True
