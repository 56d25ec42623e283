"""RDS and Aurora checks: seven days of automated backups, deletion protection, storage encrypted with a
customer managed KMS key, and no publicly accessible instance. For backups, deletion protection and
encryption, an instance that belongs to a DB cluster (Aurora, Multi-AZ cluster) is judged on its cluster's
settings, which are the ones that govern it; public accessibility is a setting of each instance."""

from __future__ import annotations

from dataclasses import dataclass

from checks.kms import key_manager
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

MINIMUM_BACKUP_RETENTION_DAYS = 7


@dataclass(frozen=True)
class Governing:
    """The record whose settings govern an instance (itself, or its cluster) and how to name it."""

    record: Item
    label: str


def governing_settings(instance: Item, scope: Scope) -> Governing | Result:
    """The instance itself when standalone, else its DB cluster from the same region; an ERROR result about
    the instance when it names a cluster that was not collected."""
    cluster_id = instance.data.get("DBClusterIdentifier")
    if not cluster_id:
        return Governing(instance, f"instance {instance.name}")
    for cluster in scope.items("rds.clusters"):
        if cluster.name == cluster_id:
            return Governing(cluster, f"cluster {cluster_id} (of member {instance.name})")
    return scope.on_item(
        instance,
        Status.ERROR,
        f"not evaluated: its DB cluster {cluster_id} is not among the collected clusters",
    )


def _engine(instance: Item) -> str:
    return str(instance.data.get("Engine") or "unknown engine")


@check(
    id="rds.instance.backup-retention",
    title="RDS and Aurora databases keep at least seven days of automated backups",
    for_each="rds.instances",
    uses=("rds.clusters",),
    severity=Severity.HIGH,
    rationale="Automated backups and point-in-time restore reach back only as far as the retention period; "
    "with less than a week, corruption or a bad change noticed after a few days cannot be undone.",
    remediation="aws rds modify-db-instance --db-instance-identifier ID --backup-retention-period 7 "
    "--apply-immediately (for cluster members: aws rds modify-db-cluster --db-cluster-identifier ID "
    "--backup-retention-period 7).",
)
def backup_retention(instance: Item, scope: Scope) -> Result:
    """PASS when the instance's automated backup retention period (its cluster's, for a cluster member) is at
    least seven days. A retention of 0 (backups off) or fewer days is a FAIL; a read replica of another
    instance is not applicable (its source's backups protect the data); a member whose cluster was not
    collected is an ERROR."""
    source = instance.data.get("ReadReplicaSourceDBInstanceIdentifier")
    if source and not instance.data.get("DBClusterIdentifier"):
        return scope.on_item(
            instance, Status.NOT_APPLICABLE, f"read replica of {source}; backups are judged on its source"
        )
    governing = governing_settings(instance, scope)
    if isinstance(governing, Result):
        return governing
    days = governing.record.data.get("BackupRetentionPeriod")
    evidence = governing.record.evidence
    if not isinstance(days, int) or isinstance(days, bool):
        return scope.on_item(
            instance, Status.ERROR, f"not evaluated: {governing.label} reports no backup retention period"
        )
    message = f"{governing.label} ({_engine(instance)}) keeps automated backups for {days} day(s)"
    if days >= MINIMUM_BACKUP_RETENTION_DAYS:
        return scope.passed(instance, message, evidence=evidence)
    return scope.failed(instance, f"{message}, fewer than {MINIMUM_BACKUP_RETENTION_DAYS}", evidence=evidence)


@check(
    id="rds.instance.deletion-protection",
    title="RDS and Aurora databases have deletion protection",
    for_each="rds.instances",
    uses=("rds.clusters",),
    severity=Severity.MEDIUM,
    rationale="Deletion protection stops a database from being deleted by mistake or by a compromised "
    "automation until someone deliberately turns it off.",
    remediation="aws rds modify-db-instance --db-instance-identifier ID --deletion-protection (for cluster "
    "members: aws rds modify-db-cluster --db-cluster-identifier ID --deletion-protection).",
)
def deletion_protection(instance: Item, scope: Scope) -> Result:
    """PASS when deletion protection is on for the instance, or for its cluster when it is a cluster member
    (Aurora and Multi-AZ clusters keep the setting on the cluster). A member whose cluster was not collected
    is an ERROR."""
    governing = governing_settings(instance, scope)
    if isinstance(governing, Result):
        return governing
    evidence = governing.record.evidence
    if governing.record.data.get("DeletionProtection") is True:
        return scope.passed(instance, f"{governing.label} has deletion protection", evidence=evidence)
    return scope.failed(instance, f"{governing.label} has no deletion protection", evidence=evidence)


@check(
    id="rds.storage-encrypted-cmk",
    title="RDS and Aurora storage is encrypted with a customer managed KMS key",
    for_each="rds.instances",
    uses=("rds.clusters", "kms.keys"),
    severity=Severity.HIGH,
    rationale="With a customer managed key the organization controls, audits and can revoke every use of "
    "the key that protects the database, its snapshots and its backups; the AWS managed aws/rds key gives no "
    "such control.",
    remediation="Storage encryption cannot be changed in place: copy a snapshot with --kms-key-id set to a "
    "customer managed key, restore from it, and switch clients to the restored database.",
)
def storage_encrypted_cmk(instance: Item, scope: Scope) -> Result:
    """PASS when the instance's storage (its cluster's, for a cluster member) is encrypted and its KMS key
    resolves to a customer managed key. Unencrypted storage, or the AWS managed aws/rds key, is a FAIL; a key
    that cannot be resolved against this account's collected KMS keys is an ERROR."""
    governing = governing_settings(instance, scope)
    if isinstance(governing, Result):
        return governing
    settings = governing.record
    if settings.data.get("StorageEncrypted") is not True:
        return scope.failed(
            instance, f"{governing.label} storage is not encrypted", evidence=settings.evidence
        )
    reference = settings.data.get("KmsKeyId")
    if not reference:
        return scope.on_item(
            instance,
            Status.ERROR,
            f"not evaluated: {governing.label} is encrypted but names no KMS key",
            evidence=settings.evidence,
        )
    verdict = key_manager(str(reference), scope)
    evidence = (*settings.evidence, *(verdict.key.evidence if verdict.key else ()))
    message = f"{governing.label} storage is encrypted with {verdict.description}"
    if verdict.manager == "CUSTOMER":
        return scope.passed(instance, message, evidence=evidence)
    if verdict.manager == "AWS":
        return scope.failed(instance, message, evidence=evidence)
    return scope.on_item(instance, Status.ERROR, f"not evaluated: {message}", evidence=evidence)


@check(
    id="rds.instance.not-publicly-accessible",
    title="RDS and Aurora instances are not publicly accessible",
    for_each="rds.instances",
    uses=(),
    severity=Severity.HIGH,
    rationale="A publicly accessible instance gets a DNS name that resolves to a public address; only its "
    "security group then stands between the database and the internet.",
    remediation="aws rds modify-db-instance --db-instance-identifier ID --no-publicly-accessible "
    "--apply-immediately, and keep the instance in private subnets.",
)
def rds_not_publicly_accessible(instance: Item, scope: Scope) -> Result:
    """PASS when the DB instance reports PubliclyAccessible false. True is a FAIL; a missing value is an
    ERROR (never assumed private)."""
    public = instance.data.get("PubliclyAccessible")
    engine = instance.data.get("Engine") or "unknown engine"
    if public is False:
        return scope.passed(instance, f"instance {instance.name} ({engine}) is not publicly accessible")
    if public is True:
        endpoint = (instance.data.get("Endpoint") or {}).get("Address", "its endpoint")
        return scope.failed(
            instance,
            f"instance {instance.name} ({engine}) is publicly accessible: {endpoint} resolves to a public "
            "address",
        )
    return scope.on_item(
        instance, Status.ERROR, f"not evaluated: instance {instance.name} reports no PubliclyAccessible value"
    )
