"""Log-archive retention: no lifecycle rule on the central log buckets deletes logs before the retention
period ends."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from checks._lib.dates import as_datetime, day
from checks.logs import MINIMUM_RETENTION_DAYS
from checks.s3_governance import judge_log_archive_buckets
from scanner.checkapi import Per, Scope, check
from scanner.inventory import AspectUnavailable, Item
from scanner.model import Result, Severity, Status


def early_expiration(rule: dict[str, Any]) -> str | None:
    """How an Enabled lifecycle rule deletes current objects before MINIMUM_RETENTION_DAYS, or None when it
    does not. Its filter is not considered: trails and Config channels may deliver under any key prefix, and
    a tag or size filter still selects some logs, so any such rule may delete logs early."""
    expiration = rule.get("Expiration") or {}
    if rule.get("Status") != "Enabled":
        return None
    name = rule.get("ID") or "unnamed"
    days = expiration.get("Days")
    if days is not None and int(days) < MINIMUM_RETENTION_DAYS:
        return f"rule {name} expires objects after {days} days"
    date = expiration.get("Date")
    if date is not None:
        # A fixed date deletes every selected object then, however recently it was delivered.
        parsed = as_datetime(date)
        return f"rule {name} expires objects on {day(parsed) if parsed else date}"
    return None


@check(
    id="s3.log-archive.retention-lifecycle",
    title=f"No lifecycle rule deletes archived logs before {MINIMUM_RETENTION_DAYS} days",
    uses=("cloudtrail.trails", "config.delivery-channels", "s3.buckets"),
    per=Per.ACCOUNT,
    severity=Severity.HIGH,
    rationale="A lifecycle expiration shorter than the retention period deletes the audit record on "
    "schedule, without anyone deleting it by hand and without Object Lock being able to stop it once the "
    "lock has run out.",
    remediation="Raise every enabled Expiration on the central log bucket to at least "
    f"{MINIMUM_RETENTION_DAYS} days (aws s3api put-bucket-lifecycle-configuration), or transition old logs "
    "to a colder storage class instead of expiring them.",
)
def log_archive_retention_lifecycle(scope: Scope) -> Iterator[Result]:
    """For each bucket in the log-archive account that a trail logging this account or one of its Config
    delivery channels delivers to: PASS when no Enabled lifecycle rule of the bucket, whatever its filter,
    expires current objects after fewer than MINIMUM_RETENTION_DAYS (365, the log retention of checks.logs)
    days or on a fixed date (no lifecycle configuration at all keeps logs indefinitely). FAIL when one does,
    and when none of this account's logs reach the log-archive account; ERROR when the log-archive
    inventory, a log source or the bucket's lifecycle rules could not be read."""
    yield from judge_log_archive_buckets(scope, _judge_lifecycle)


def _judge_lifecycle(scope: Scope, bucket: Item, why: str) -> Result:
    try:
        rules = bucket["Lifecycle"] or []
    except AspectUnavailable as exc:
        return scope.on_item(
            bucket, Status.ERROR, f"not evaluated: lifecycle rules could not be read: {exc.reason}"
        )
    early = [reason for reason in (early_expiration(rule) for rule in rules) if reason]
    where = f"log-archive bucket {bucket.name} (receives {why})"
    if early:
        return scope.failed(
            bucket, f"{where}: {'; '.join(early)}, before the {MINIMUM_RETENTION_DAYS}-day retention"
        )
    kept = f"{len(rules)} lifecycle rule(s), none expiring" if rules else "no lifecycle rule expiring"
    return scope.passed(bucket, f"{where}: {kept} logs before {MINIMUM_RETENTION_DAYS} days")
