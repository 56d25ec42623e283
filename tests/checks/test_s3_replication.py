"""S3 cross-region replication of tier-1 buckets."""

from __future__ import annotations

from typing import Any

from checks.s3_replication import bucket_cross_region_replication
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCESS_DENIED, REGION, InventoryBuilder, item, run_check, statuses

DR = "eu-west-2"


TIER_ONE = {"controlmap:criticality": "Tier-1"}


OTHER_ACCOUNT = "222222222222"


def bucket(
    name: str, *, tags: dict[str, str] | None = None, replication: Any = None, region: str = REGION
) -> Item:
    data = {
        "Tags": tags if tags is not None else dict(TIER_ONE),
        "Replication": replication,
        "Location": region,
    }
    return item(f"arn:aws:s3:::{name}", data, name=name, region=region)


def rule(
    destination: str, *, status: str = "Enabled", account: str | None = None, **extra: Any
) -> dict[str, Any]:
    target: dict[str, Any] = {"Bucket": f"arn:aws:s3:::{destination}"}
    if account:
        target["Account"] = account
    return {"ID": f"to-{destination}", "Status": status, "Filter": {}, "Destination": target, **extra}


def _bucket_results(*buckets: Item, other_account: list[Item] | None = None) -> dict[str, Any]:
    inv = InventoryBuilder().add("s3.buckets", buckets)
    if other_account is not None:
        inv.add("s3.buckets", other_account, account=OTHER_ACCOUNT)
    return {r.resource_id.rsplit(":", 1)[-1]: r for r in run_check(bucket_cross_region_replication, inv)}


def test_tier_one_bucket_replicating_everything_to_another_region_passes() -> None:
    results = _bucket_results(
        bucket("claims", replication={"Rules": [rule("claims-dr")]}),
        bucket("claims-dr", tags={}, region=DR),
        bucket("ledger", replication={"Rules": [rule("ledger-dr", account=OTHER_ACCOUNT)]}),
        other_account=[bucket("ledger-dr", tags={}, region=DR)],
    )
    assert results["claims"].status is Status.PASS and DR in results["claims"].message
    assert results["ledger"].status is Status.PASS
    assert results["claims-dr"].status is Status.NOT_APPLICABLE


def test_tier_one_bucket_without_full_cross_region_replication_fails() -> None:
    results = _bucket_results(
        bucket("none"),
        bucket("same-region", replication={"Rules": [rule("copy")]}),
        bucket("copy", tags={}),
        bucket("disabled", replication={"Rules": [rule("far", status="Disabled")]}),
        bucket("partial", replication={"Rules": [rule("far", Filter={"Prefix": "exports/"})]}),
        bucket("far", tags={}, region=DR),
    )
    assert results["none"].status is Status.FAIL and "no replication" in results["none"].message
    assert results["same-region"].status is Status.FAIL and "same region" in results["same-region"].message
    assert results["disabled"].status is Status.FAIL and "disabled" in results["disabled"].message
    assert results["partial"].status is Status.FAIL and "only part" in results["partial"].message


def test_unknown_tags_or_destination_give_error() -> None:
    results = _bucket_results(bucket("claims", replication={"Rules": [rule("unscanned")]}))
    assert results["claims"].status is Status.ERROR and "unknown" in results["claims"].message
    unreadable = item("arn:aws:s3:::b", {"Replication": None}, errors={"Tags": ACCESS_DENIED})
    assert statuses(
        run_check(bucket_cross_region_replication, InventoryBuilder().add("s3.buckets", [unreadable]))
    ) == ["ERROR"]
    assert statuses(
        run_check(bucket_cross_region_replication, InventoryBuilder().unavailable("s3.buckets"))
    ) == ["ERROR"]


def test_unknown_source_region_gives_error_not_pass() -> None:
    """GetBucketLocation denied: the source bucket's region is unknown, so a replica in any region may be in
    the same one (issue 20 item 1). The collector leaves such a bucket in the "global" pseudo-region."""
    source = item(
        "arn:aws:s3:::claims",
        {"Tags": dict(TIER_ONE), "Replication": {"Rules": [rule("claims-dr")]}},
        name="claims",
        region="global",
        errors={"Location": ACCESS_DENIED},
    )
    results = _bucket_results(source, bucket("claims-dr", tags={}, region=REGION))
    assert results["claims"].status is Status.ERROR
    assert "Location could not be read" in results["claims"].message
    assert "AccessDenied" in results["claims"].message
    # Still FAIL where the verdict does not depend on the region; still NOT_APPLICABLE when not tier-1.
    no_rules = item(
        "arn:aws:s3:::bare",
        {"Tags": dict(TIER_ONE), "Replication": None},
        name="bare",
        region="global",
        errors={"Location": ACCESS_DENIED},
    )
    untagged = item(
        "arn:aws:s3:::logs",
        {"Tags": {}, "Replication": None},
        name="logs",
        region="global",
        errors={"Location": ACCESS_DENIED},
    )
    results = _bucket_results(no_rules, untagged)
    assert results["bare"].status is Status.FAIL
    assert results["logs"].status is Status.NOT_APPLICABLE


def test_destination_with_unreadable_location_names_the_reason() -> None:
    destination = item(
        "arn:aws:s3:::claims-dr",
        {"Tags": {}},
        name="claims-dr",
        region="global",
        errors={"Location": ACCESS_DENIED},
    )
    results = _bucket_results(bucket("claims", replication={"Rules": [rule("claims-dr")]}), destination)
    assert results["claims"].status is Status.ERROR
    assert (
        "location could not be read" in results["claims"].message
        and "AccessDenied" in results["claims"].message
    )
