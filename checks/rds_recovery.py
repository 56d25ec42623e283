"""RDS recovery away from the source region: tier-1 RDS instances and Aurora clusters (tagged
controlmap:criticality=tier-1, see checks/_lib/criticality.py) have cross-region automated backups, a
cross-region read replica or a global database member in another region."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from checks._lib.criticality import is_tier_one
from scanner.checkapi import Per, Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status


def tag_map(tag_list: Iterable[Mapping[str, Any]] | None) -> dict[str, str]:
    """An RDS-style TagList ([{"Key": ..., "Value": ...}]) as a key -> value map."""
    return {str(t.get("Key")): str(t.get("Value", "")) for t in tag_list or []}


def _arn_region(arn: str) -> str:
    parts = arn.split(":")
    return parts[3] if len(parts) > 3 else ""


def _tier_one_clusters(scope: Scope) -> Iterator[Item]:
    """Clusters tagged tier-1, or with a member instance tagged tier-1."""
    tagged_members = {
        (i.region, str(i.data.get("DBClusterIdentifier")))
        for i in scope.items("rds.instances")
        if i.data.get("DBClusterIdentifier") and is_tier_one(tag_map(i.data.get("TagList")))
    }
    for cluster in scope.items("rds.clusters"):
        if (
            is_tier_one(tag_map(cluster.data.get("TagList")))
            or (cluster.region, cluster.name) in tagged_members
        ):
            yield cluster


def _cluster_result(scope: Scope, cluster: Item) -> Result:
    # Every region answers DescribeGlobalClusters with the same global databases: count each once.
    global_databases = {g.resource_id: g for g in scope.items("rds.global-clusters")}.values()
    partners: list[tuple[str, str]] = []
    for database in global_databases:
        members = [str(m.get("DBClusterArn")) for m in database.data.get("GlobalClusterMembers") or []]
        if cluster.resource_id in members:
            partners.extend(
                (database.name, arn) for arn in members if _arn_region(arn) not in ("", cluster.region)
            )
    if partners:
        listed = ", ".join(f"{arn} (global database {name})" for name, arn in partners)
        return scope.passed(
            cluster, f"tier-1 cluster {cluster.name} has a member in another region: {listed}"
        )
    return scope.failed(
        cluster,
        f"tier-1 cluster {cluster.name} is not in a global database with a cluster in another region",
    )


def _instance_result(scope: Scope, instance: Item, replicated_sources: Mapping[str, list[Item]]) -> Result:
    name = instance.name
    copies = [
        b.region for b in replicated_sources.get(instance.resource_id, []) if b.region != instance.region
    ]
    if copies:
        return scope.passed(
            instance,
            f"tier-1 instance {name} has automated backups replicated to {', '.join(sorted(copies))}",
        )
    replicas = [
        str(r) for r in instance.data.get("ReadReplicaDBInstanceIdentifiers") or [] if _arn_region(str(r))
    ]
    remote = [r for r in replicas if _arn_region(r) != instance.region]
    if remote:
        return scope.passed(
            instance, f"tier-1 instance {name} has cross-region read replica(s) {', '.join(remote)}"
        )
    declared = [
        str(r.get("DBInstanceAutomatedBackupsArn"))
        for r in instance.data.get("DBInstanceAutomatedBackupsReplications") or []
    ]
    unscanned = [arn for arn in declared if _arn_region(arn) not in scope.regions]
    if unscanned:
        return scope.on_item(
            instance,
            Status.ERROR,
            f"not evaluated: backups of tier-1 instance {name} replicate to {', '.join(unscanned)}, in a "
            "region that was not scanned",
        )
    return scope.failed(
        instance,
        f"tier-1 instance {name} has no automated backups in another region and no cross-region read replica",
    )


@check(
    id="rds.tier1.cross-region-recovery",
    title="Tier-1 RDS and Aurora databases can be recovered in another region",
    uses=("rds.instances", "rds.clusters", "rds.automated-backups", "rds.global-clusters"),
    per=Per.ACCOUNT,
    severity=Severity.HIGH,
    rationale="Automated backups and snapshots live in the database's region; a tier-1 database must "
    "survive the loss of that region, through replicated backups, a cross-region replica or a global "
    "database.",
    remediation="For an RDS instance: aws rds start-db-instance-automated-backups-replication (run in the "
    "destination region) or create a cross-region read replica. For Aurora: add a secondary region to an "
    "Aurora global database (create-global-cluster, then a cluster in another region).",
)
def tier_one_cross_region_recovery(scope: Scope) -> Iterator[Result]:
    """PASS for each tier-1 database (tag controlmap:criticality=tier-1): a standalone RDS instance passes
    when an automated backup whose DBInstanceArn is the instance's is held in another scanned region, or it
    has a read replica in another region; an Aurora or Multi-AZ cluster (tagged itself or through a member
    instance) passes when it belongs to a global database with a member cluster in another region. An
    instance whose declared backup replication points to a region that was not scanned is an ERROR.
    Databases without the tag are not judged. Copies made by AWS Backup copy actions are judged by
    backup.plan.copies-off-site, not here."""
    replicated_sources: dict[str, list[Item]] = {}
    for backup in scope.items("rds.automated-backups"):
        replicated_sources.setdefault(str(backup.data.get("DBInstanceArn")), []).append(backup)
    for cluster in _tier_one_clusters(scope):
        yield _cluster_result(scope, cluster)
    for instance in scope.items("rds.instances"):
        if instance.data.get("DBClusterIdentifier") or not is_tier_one(tag_map(instance.data.get("TagList"))):
            continue
        yield _instance_result(scope, instance, replicated_sources)
