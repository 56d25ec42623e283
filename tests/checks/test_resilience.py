"""Tier-1 data stores recover in another region: critical buckets replicate every object cross-region, and
tier-1 RDS instances and Aurora clusters have cross-region backups, replicas or global database members."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from checks.rds_recovery import tier_one_cross_region_recovery
from checks.s3_replication import bucket_cross_region_replication
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

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


def instance_arn(name: str, region: str = REGION) -> str:
    return f"arn:aws:rds:{region}:{ACCOUNT}:db:{name}"


def cluster_arn(name: str, region: str = REGION) -> str:
    return f"arn:aws:rds:{region}:{ACCOUNT}:cluster:{name}"


def instance(name: str, *, tier_one: bool = True, **data: Any) -> Item:
    tags = [{"Key": k, "Value": v} for k, v in TIER_ONE.items()] if tier_one else []
    return item(instance_arn(name), {"DBInstanceIdentifier": name, "TagList": tags, **data}, name=name)


def cluster(name: str, *, tier_one: bool = True, region: str = REGION) -> Item:
    tags = [{"Key": k, "Value": v} for k, v in TIER_ONE.items()] if tier_one else []
    return item(cluster_arn(name, region), {"TagList": tags}, name=name, region=region)


def _rds(
    instances: list[Item],
    clusters: list[Item],
    *,
    backups_in_dr: Sequence[Item] = (),
    global_clusters: Sequence[Item] = (),
    unavailable_in_dr: bool = False,
) -> dict[str, Any]:
    inv = InventoryBuilder()
    for region in (REGION, DR):
        inv.add("rds.instances", instances if region == REGION else [], region=region)
        inv.add("rds.clusters", [c for c in clusters if c.region == region], region=region)
        inv.add("rds.global-clusters", global_clusters, region=region)
        if region == DR and unavailable_in_dr:
            inv.unavailable("rds.automated-backups", region=DR)
        else:
            inv.add("rds.automated-backups", backups_in_dr if region == DR else [], region=region)
    results = run_check(tier_one_cross_region_recovery, inv, regions=(REGION, DR))
    return {r.resource_id.rsplit(":", 1)[-1]: r for r in results}


def replicated_backup(source: str) -> Item:
    arn = f"arn:aws:rds:{DR}:{ACCOUNT}:auto-backup:ab-{source}"
    return item(
        arn, {"DBInstanceArn": instance_arn(source), "Region": REGION, "Status": "replicating"}, region=DR
    )


def global_db(*members: str) -> Item:
    arn = f"arn:aws:rds::{ACCOUNT}:global-cluster:ledger-global"
    return item(arn, {"GlobalClusterMembers": [{"DBClusterArn": m} for m in members]}, name="ledger-global")


def test_tier_one_databases_recoverable_in_another_region_pass() -> None:
    results = _rds(
        [
            instance("orders"),
            instance("billing", ReadReplicaDBInstanceIdentifiers=[instance_arn("billing-dr", DR)]),
            instance("ledger-1", tier_one=False, DBClusterIdentifier="ledger"),
        ],
        [cluster("ledger"), cluster("ledger-dr", tier_one=False, region=DR)],
        backups_in_dr=[replicated_backup("orders")],
        global_clusters=[global_db(cluster_arn("ledger"), cluster_arn("ledger-dr", DR))],
    )
    assert results["orders"].status is Status.PASS and DR in results["orders"].message
    assert results["billing"].status is Status.PASS and "read replica" in results["billing"].message
    assert results["ledger"].status is Status.PASS and "ledger-global" in results["ledger"].message
    assert "ledger-dr" not in results  # not tier-1 itself


def test_tier_one_databases_without_cross_region_copies_fail() -> None:
    results = _rds(
        [
            instance("orders", ReadReplicaDBInstanceIdentifiers=["orders-replica"]),
            instance("untagged", tier_one=False),
            instance("payments-1", DBClusterIdentifier="payments"),
        ],
        [cluster("payments", tier_one=False), cluster("ledger")],
        global_clusters=[global_db(cluster_arn("ledger"))],
    )
    assert results["orders"].status is Status.FAIL
    assert results["payments"].status is Status.FAIL  # tier-1 through its tagged member
    assert results["ledger"].status is Status.FAIL and "global database" in results["ledger"].message
    assert "untagged" not in results and "payments-1" not in results
    assert set(statuses(_rds([instance("plain", tier_one=False)], []).values())) == {"NOT_APPLICABLE"}


def test_unknown_replication_destination_or_missing_data_gives_error() -> None:
    declared = [{"DBInstanceAutomatedBackupsArn": f"arn:aws:rds:ap-south-1:{ACCOUNT}:auto-backup:ab-1"}]
    results = _rds([instance("orders", DBInstanceAutomatedBackupsReplications=declared)], [])
    assert results["orders"].status is Status.ERROR and "not scanned" in results["orders"].message
    denied = _rds([instance("orders")], [], unavailable_in_dr=True)
    assert set(statuses(denied.values())) == {"ERROR"}


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
