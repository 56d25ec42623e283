"""Cross-region recovery of tier-1 RDS instances and Aurora clusters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from checks.rds_recovery import tier_one_cross_region_recovery
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

DR = "eu-west-2"


TIER_ONE = {"controlmap:criticality": "Tier-1"}


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
