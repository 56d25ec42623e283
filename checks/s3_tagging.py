"""S3 data-classification and ownership tags: every bucket says whether Macie must scan it and who owns it."""

from __future__ import annotations

from collections.abc import Mapping

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity

# The seed's Macie pattern (003 L35-36): every bucket says whether Macie must scan it and who owns it.
SCAN_TAG = "RequireMacieScan"
OWNER_TAG = "BucketOwner"
SCAN_TAG_VALUES = ("True", "False")


def bucket_tag_problems(tags: Mapping[str, str]) -> list[str]:
    """What is wrong with a bucket's classification tags; empty when RequireMacieScan is True or False and
    BucketOwner is non-empty."""
    problems = []
    scan = tags.get(SCAN_TAG)
    if scan is None:
        problems.append(f"no {SCAN_TAG} tag")
    elif scan not in SCAN_TAG_VALUES:
        problems.append(f"{SCAN_TAG} is {scan!r}, not True or False")
    if not str(tags.get(OWNER_TAG) or "").strip():
        problems.append(f"no {OWNER_TAG} tag" if OWNER_TAG not in tags else f"{OWNER_TAG} is empty")
    return problems


@check(
    id="s3.bucket.classification-tags",
    title="Buckets carry the RequireMacieScan and BucketOwner tags",
    for_each="s3.buckets",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="Sensitive-data discovery is scoped by the RequireMacieScan tag and findings are routed to the "
    "BucketOwner; an untagged bucket is neither scanned on purpose nor owned by anyone.",
    remediation="Tag the bucket RequireMacieScan=True (or False, with a reason) and BucketOwner=<team>; "
    "enforce both with an organization tag policy and a Config rule.",
)
def bucket_classification_tags(bucket: Item, scope: Scope) -> Result:
    """PASS when the bucket's tags (GetBucketTagging) have RequireMacieScan set to exactly True or False and a
    non-empty BucketOwner. A bucket without any tags (NoSuchTagSet) fails; unreadable tags are an ERROR."""
    tags = bucket["Tags"] or {}
    problems = bucket_tag_problems(tags)
    if problems:
        return scope.failed(bucket, "; ".join(problems))
    return scope.passed(bucket, f"{SCAN_TAG}={tags[SCAN_TAG]}, {OWNER_TAG}={tags[OWNER_TAG]}")
