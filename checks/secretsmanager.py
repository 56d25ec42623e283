"""Secrets Manager checks: secrets rotate, and did rotate on schedule."""

from __future__ import annotations

import datetime as dt
import re

from checks._lib.dates import as_datetime, day
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

# A rotation runs within its window, not at an exact instant; allow a day before calling it overdue.
GRACE = dt.timedelta(days=1)
_RATE = re.compile(r"^rate\(\s*(\d+)\s+(hour|hours|day|days)\s*\)$")


def rotation_interval(rules: dict[str, object]) -> dt.timedelta | None:
    """The rotation interval from AutomaticallyAfterDays or a rate() schedule; None for a cron() schedule."""
    days = rules.get("AutomaticallyAfterDays")
    if isinstance(days, int) and days > 0:
        return dt.timedelta(days=days)
    match = _RATE.match(str(rules.get("ScheduleExpression", "")).strip())
    if match is None:
        return None
    amount = int(match.group(1))
    return dt.timedelta(hours=amount) if match.group(2).startswith("hour") else dt.timedelta(days=amount)


@check(
    id="secretsmanager.rotation",
    title="Secrets rotate automatically and rotated within their interval",
    for_each="secretsmanager.secrets",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="A credential that never changes stays valid for whoever copied it; rotation bounds the damage "
    "of a leak, and a rotation that silently stopped working is as bad as none.",
    remediation="Turn on automatic rotation with a rotation function (or a managed rotation) and an interval "
    "within policy; if rotation is overdue, look at the rotation function's logs and fix it.",
)
def secret_rotation(secret: Item, scope: Scope) -> Result:
    """PASS when rotation is enabled and the secret is not overdue: its last rotation (or, never rotated, its
    creation) plus the rotation interval, or for a cron schedule its next rotation date, is not more than a
    day before the time it was read."""
    data = secret.data
    if data.get("RotationEnabled") is not True:
        return scope.failed(secret, "automatic rotation is not enabled")
    observed = as_datetime(data.get("ObservedAt"))
    rules = data.get("RotationRules") or {}
    interval = rotation_interval(rules)
    last = as_datetime(data.get("LastRotatedDate"))
    base = last or as_datetime(data.get("CreatedDate"))
    due = base + interval if interval is not None and base is not None else None
    if interval is None:
        due = as_datetime(data.get("NextRotationDate"))
    schedule = (
        f"every {interval.days} day(s)"
        if interval and interval.days
        else str(rules.get("ScheduleExpression"))
    )
    if observed is None or due is None:
        return scope.on_item(
            secret, Status.ERROR, f"not evaluated: cannot tell when rotation ({schedule}) is due"
        )
    history = f"last rotated {day(last)}" if last else "never rotated"
    if observed > due + GRACE:
        return scope.failed(secret, f"rotation ({schedule}) is overdue: {history}, was due by {day(due)}")
    return scope.passed(secret, f"rotation is enabled ({schedule}); {history}, next due by {day(due)}")
