"""S3 recovery away from the source region: buckets designated tier-1 (controlmap:criticality=tier-1, see
checks/_lib/criticality.py) replicate every object to a bucket in another region."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from checks._lib.criticality import DESIGNATION, is_tier_one
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status


def _replicates_every_object(rule: Mapping[str, Any]) -> bool:
    """A rule with no filter, an empty filter or an empty prefix covers every object; a prefix, tag or And
    filter covers only part of the bucket."""
    if rule.get("Prefix"):  # the legacy rule form
        return False
    rule_filter = rule.get("Filter")
    return not rule_filter or rule_filter == {"Prefix": ""}


def _bucket_region(scope: Scope, bucket_arn: str, account_id: str) -> tuple[str | None, str]:
    """The region of a collected bucket of this or another scanned account, or None and why it is unknown
    (the bucket was not collected, or its location could not be read)."""
    name = bucket_arn.rsplit(":::", maxsplit=1)[-1]  # arn:PARTITION:s3:::NAME
    for record in scope.records("s3.buckets", account_id=account_id):
        for candidate in record.items:
            if candidate.name == name:
                reason = candidate.errors.get("Location")
                if reason is not None:
                    return None, f"its location could not be read: {reason}"
                return candidate.region, ""
    return None, "the destination bucket was not scanned"


def _own_region(bucket: Item) -> str:
    """The bucket's region per GetBucketLocation. When that read failed the collector leaves the bucket in the
    "global" pseudo-region, which differs from every real one: reading the aspect raises AspectUnavailable
    (ERROR with the reason) instead of letting a same-region replica pass."""
    return str(bucket["Location"])


@check(
    id="s3.bucket.cross-region-replication",
    title="S3 buckets designated tier-1 replicate every object to another region",
    for_each="s3.buckets",
    uses=(),
    severity=Severity.HIGH,
    rationale="Versioning protects against deletion and overwrite, not against losing the region: a "
    "critical bucket needs a copy in another region to meet a disaster-recovery objective.",
    remediation="Enable versioning on the bucket and on a bucket in another region, then add an enabled "
    "replication rule without a filter (PutBucketReplication) with that bucket as destination.",
)
def bucket_cross_region_replication(bucket: Item, scope: Scope) -> Result:
    """PASS for each bucket tagged controlmap:criticality=tier-1 whose replication configuration has an
    Enabled rule covering every object (no prefix or tag filter) whose destination bucket is in another
    region; the destination's region is read from the scanned buckets of its account. Buckets without the
    tag are not applicable; a tier-1 bucket without such a rule is a FAIL; one whose only candidate
    destinations were not scanned is an ERROR (their region is unknown)."""
    if not is_tier_one(bucket["Tags"]):
        return scope.on_item(bucket, Status.NOT_APPLICABLE, f"not designated {DESIGNATION}")
    configuration = bucket["Replication"]
    if configuration is None:
        return scope.failed(bucket, "tier-1 bucket has no replication configuration")
    problems: list[str] = []
    unknown: list[str] = []
    for rule in configuration.get("Rules") or []:
        rule_id = rule.get("ID") or "unnamed rule"
        destination = rule.get("Destination") or {}
        target = str(destination.get("Bucket") or "")
        if rule.get("Status") != "Enabled":
            problems.append(f"{rule_id} is disabled")
        elif not _replicates_every_object(rule):
            problems.append(f"{rule_id} replicates only part of the bucket")
        else:
            region, why = _bucket_region(scope, target, str(destination.get("Account") or scope.account_id))
            if region is None:
                unknown.append(f"{rule_id} -> {target} ({why})")
            elif region == _own_region(bucket):
                problems.append(f"{rule_id} replicates to {target} in the same region ({region})")
            else:
                return scope.passed(bucket, f"rule {rule_id} replicates every object to {target} in {region}")
    if unknown:
        return scope.on_item(
            bucket,
            Status.ERROR,
            f"not evaluated: the region of replication destination(s) {'; '.join(unknown)} is unknown",
        )
    why = "; ".join(problems) or "no rules"
    return scope.failed(bucket, f"tier-1 bucket does not replicate every object to another region ({why})")
