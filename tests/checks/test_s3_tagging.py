"""S3 bucket classification tags: RequireMacieScan and BucketOwner on every bucket."""

from __future__ import annotations

from typing import Any

from checks.s3_tagging import bucket_classification_tags
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, InventoryBuilder, item, run_check, statuses


def bucket(tags: dict[str, str] | None, errors: dict[str, Any] | None = None) -> Item:
    data = {} if errors else {"Tags": tags}
    return item("arn:aws:s3:::data", data, name="data", errors=errors)


def _bucket_result(b: Item) -> Result:
    [result] = run_check(bucket_classification_tags, InventoryBuilder().add("s3.buckets", [b]))
    return result


def test_bucket_tags_pass_with_a_scan_decision_and_an_owner() -> None:
    for decision in ("True", "False"):
        result = _bucket_result(bucket({"RequireMacieScan": decision, "BucketOwner": "claims-team"}))
        assert result.status is Status.PASS and f"RequireMacieScan={decision}" in result.message
        assert result.evidence


def test_bucket_tags_fail_when_missing_empty_or_not_a_boolean() -> None:
    cases = {
        "no RequireMacieScan tag; no BucketOwner tag": None,
        "no RequireMacieScan tag": {"BucketOwner": "claims-team"},
        "'yes', not True or False": {"RequireMacieScan": "yes", "BucketOwner": "claims-team"},
        "'true', not True or False": {"RequireMacieScan": "true", "BucketOwner": "claims-team"},
        "BucketOwner is empty": {"RequireMacieScan": "True", "BucketOwner": "  "},
        "no BucketOwner tag": {"RequireMacieScan": "True", "Owner": "claims-team"},
    }
    for expected, tags in cases.items():
        result = _bucket_result(bucket(tags))
        assert result.status is Status.FAIL and expected in result.message, (expected, result.message)


def test_bucket_tags_error_when_tags_or_buckets_are_unreadable() -> None:
    assert _bucket_result(bucket(None, errors={"Tags": ACCESS_DENIED})).status is Status.ERROR
    denied = InventoryBuilder().unavailable("s3.buckets", ACCESS_DENIED)
    assert statuses(run_check(bucket_classification_tags, denied)) == ["ERROR"]
