"""CloudWatch Logs checks: log groups keep their data long enough and encrypt it with a KMS key."""

from __future__ import annotations

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity

# Our baseline: a year of logs online, so an incident found late can still be investigated. Logs kept for
# longer (or never expiring, the default) meet it; archives beyond a year live in the log archive account.
MINIMUM_RETENTION_DAYS = 365


@check(
    id="logs.log-group.retention",
    title=f"Log groups keep data for at least {MINIMUM_RETENTION_DAYS} days",
    for_each="logs.log-groups",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="Logs deleted before an incident is noticed cannot support its investigation; a year covers "
    "the typical time to detect a breach and an annual audit period.",
    remediation=f"Set the log group's retention to {MINIMUM_RETENTION_DAYS} days or more (or never expire), "
    "for example with PutRetentionPolicy or in the template that creates it.",
)
def log_group_retention(group: Item, scope: Scope) -> Result:
    """PASS when the log group never expires its events (no retention set) or keeps them for at least
    MINIMUM_RETENTION_DAYS (365) days."""
    retention = group.data.get("retentionInDays")
    if retention is None:
        return scope.passed(group, "events never expire")
    if int(retention) >= MINIMUM_RETENTION_DAYS:
        return scope.passed(group, f"events are kept for {retention} days")
    return scope.failed(
        group, f"events are kept for only {retention} days (minimum {MINIMUM_RETENTION_DAYS})"
    )


@check(
    id="logs.log-group.kms",
    title="Log groups are encrypted with a KMS key",
    for_each="logs.log-groups",
    uses=(),
    severity=Severity.LOW,
    rationale="A customer managed key puts reading the logs under a key policy the organization controls, "
    "and revoking the key makes them unreadable; the service-owned default key offers neither.",
    remediation="Associate a customer managed KMS key with the log group (AssociateKmsKey), after granting "
    "the CloudWatch Logs service principal use of the key in its policy.",
)
def log_group_kms(group: Item, scope: Scope) -> Result:
    """PASS when the log group names a KMS key (kmsKeyId) that encrypts its data."""
    key = group.data.get("kmsKeyId")
    if key:
        return scope.passed(group, f"encrypted with {key}")
    return scope.failed(group, "not encrypted with a KMS key (service-owned encryption only)")
