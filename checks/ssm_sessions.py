"""Session Manager checks: sessions on managed nodes are logged to storage whose encryption is enforced."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

# Each session-log destination and the preference that makes Session Manager refuse to write to it unless
# it is encrypted (a bucket with default encryption; a log group with a KMS key). Input names from the
# Session document schema: https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-schema.html
DESTINATIONS = (
    ("S3 bucket", "s3BucketName", "s3EncryptionEnabled"),
    ("CloudWatch Logs group", "cloudWatchLogGroupName", "cloudWatchEncryptionEnabled"),
)


def _enabled(value: object) -> bool:
    """Document inputs are booleans, or the strings "true"/"false" in documents written as text."""
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _destinations(inputs: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """(configured destinations with encryption enforced, configured destinations without it)."""
    enforced: list[str] = []
    unenforced: list[str] = []
    for kind, name_input, encryption_input in DESTINATIONS:
        name = inputs.get(name_input)
        if not isinstance(name, str) or not name.strip():
            continue
        (enforced if _enabled(inputs.get(encryption_input)) else unenforced).append(f"{kind} {name}")
    return enforced, unenforced


@check(
    id="ssm.session-manager.logs-encrypted",
    title="Session Manager logs sessions to S3 or CloudWatch Logs and enforces encrypted destinations",
    for_each="ssm.session-preferences",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="Session Manager replaces SSH only if what administrators type is recorded: without session "
    "logs there is no trail of commands run on instances, and logs written to unencrypted storage expose "
    "whatever the sessions displayed.",
    remediation="In Session Manager preferences (every region), send session logs to an S3 bucket with "
    "'Allow only encrypted S3 buckets' and/or to a KMS-encrypted CloudWatch Logs group with 'Allow only "
    "encrypted CloudWatch log groups' (s3EncryptionEnabled / cloudWatchEncryptionEnabled in "
    "SSM-SessionManagerRunShell).",
)
def session_logs_encrypted(preferences: Item, scope: Scope) -> Result:
    """PASS when the region's SSM-SessionManagerRunShell document names at least one session-log
    destination (s3BucketName or cloudWatchLogGroupName) and every destination it names has its encryption
    enforcement on (s3EncryptionEnabled, cloudWatchEncryptionEnabled: Session Manager then refuses to write
    logs to an unencrypted bucket or log group). A destination without it could receive session logs in
    unencrypted storage, so it FAILs even when the other destination is enforced. kmsKeyId is reported but
    not required: it encrypts the session stream between client and node, not the stored logs. FAIL when
    the document does not exist (preferences never saved: sessions are not logged) or names no destination;
    ERROR when its content cannot be read."""
    if not preferences.data.get("Exists"):
        return scope.failed(
            preferences, "Session Manager preferences were never saved here: sessions are not logged"
        )
    inputs = preferences.data.get("Inputs")
    if not isinstance(inputs, Mapping):
        return scope.on_item(
            preferences, Status.ERROR, "not evaluated: the preferences document content is unreadable"
        )
    enforced, unenforced = _destinations(inputs)
    if unenforced:
        return scope.failed(
            preferences, f"session logs go to {' and '.join(unenforced)} without encryption enforced"
        )
    if not enforced:
        return scope.failed(preferences, "Session Manager sends session logs to no S3 bucket or log group")
    key = inputs.get("kmsKeyId")
    stream = f"; session data encrypted with KMS key {key}" if isinstance(key, str) and key else ""
    return scope.passed(
        preferences, f"session logs go to {' and '.join(enforced)} with encryption enforced{stream}"
    )
