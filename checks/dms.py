"""DMS checks: replication instances, which read and write whole databases, are private and keep their
storage under a customer managed key."""

from __future__ import annotations

from checks.kms import key_manager
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status


@check(
    id="dms.replication-instance.private",
    title="DMS replication instances are not publicly accessible",
    for_each="dms.replication-instances",
    uses=(),
    severity=Severity.HIGH,
    rationale="A replication instance holds credentials for its source and target databases and streams "
    "their data; a public address puts it on the internet, where only its security groups stand in the way.",
    remediation="Public accessibility cannot be changed on an existing instance: create a replacement with "
    "--no-publicly-accessible in private subnets, move the replication tasks to it and delete the old one.",
)
def replication_instance_private(instance: Item, scope: Scope) -> Result:
    """PASS when PubliclyAccessible is false; true is a FAIL, and an answer without the field is an ERROR."""
    public = instance.data.get("PubliclyAccessible")
    if public is None:
        return scope.on_item(instance, Status.ERROR, "not evaluated: PubliclyAccessible not reported")
    if public:
        address = instance.data.get("ReplicationInstancePublicIpAddress") or "a public address"
        return scope.failed(instance, f"publicly accessible at {address}")
    return scope.passed(instance, "not publicly accessible")


@check(
    id="dms.replication-instance.cmk",
    title="DMS replication instances encrypt their storage with a customer managed KMS key",
    for_each="dms.replication-instances",
    uses=("kms.keys",),
    severity=Severity.MEDIUM,
    rationale="The instance's storage holds cached changes and task logs with database content; a customer "
    "managed key lets the organization control, audit and revoke its use, which the default aws/dms key "
    "does not.",
    remediation="The key is chosen at creation: create a replacement instance with --kms-key-id set to a "
    "customer managed key and move the replication tasks to it.",
)
def replication_instance_cmk(instance: Item, scope: Scope) -> Result:
    """PASS when the instance's KmsKeyId resolves to a customer managed key in this account's collected
    keys (or is a key of another account); the AWS managed aws/dms key is a FAIL, and a key that cannot be
    resolved, or no key reported at all, is an ERROR (DMS always encrypts, so a missing key id is a gap in
    the answer, not a finding)."""
    reference = instance.data.get("KmsKeyId")
    if not reference:
        return scope.on_item(instance, Status.ERROR, "not evaluated: no KmsKeyId reported")
    verdict = key_manager(str(reference), scope)
    evidence = verdict.key.evidence if verdict.key else ()
    message = f"storage encrypted with {verdict.description}"
    if verdict.manager == "CUSTOMER":
        return scope.passed(instance, message, evidence=evidence)
    if verdict.manager == "AWS":
        return scope.failed(instance, message, evidence=evidence)
    return scope.on_item(instance, Status.ERROR, f"not evaluated: {message}", evidence=evidence)
