"""WorkSpaces checks: desktops encrypt the volumes that hold the user's files and the operating system."""

from __future__ import annotations

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity

VOLUME_FLAGS = {"root": "RootVolumeEncryptionEnabled", "user": "UserVolumeEncryptionEnabled"}


@check(
    id="workspaces.volumes-encrypted",
    title="WorkSpaces encrypt their root and user volumes",
    for_each="workspaces.workspaces",
    uses=(),
    severity=Severity.HIGH,
    rationale="A desktop's user volume holds whatever its user downloaded or saved, and its root volume "
    "caches profiles and temporary files; an unencrypted volume or snapshot exposes them to anyone who "
    "gets a copy of the storage.",
    remediation="Encryption can only be chosen at launch: rebuild the desktop as a new WorkSpace with "
    "RootVolumeEncryptionEnabled and UserVolumeEncryptionEnabled set and a VolumeEncryptionKey, after the "
    "user has saved their data elsewhere.",
)
def volumes_encrypted(workspace: Item, scope: Scope) -> Result:
    """PASS when DescribeWorkspaces reports both RootVolumeEncryptionEnabled and UserVolumeEncryptionEnabled
    true; a flag that is false or not reported at all is a FAIL (the service omits it for volumes launched
    without encryption, and an absent flag never counts as encrypted)."""
    unencrypted = [volume for volume, flag in VOLUME_FLAGS.items() if workspace.data.get(flag) is not True]
    key = workspace.data.get("VolumeEncryptionKey") or "no key named"
    if unencrypted:
        return scope.failed(workspace, f"{' and '.join(unencrypted)} volume not encrypted ({key})")
    return scope.passed(workspace, f"root and user volumes encrypted with {key}")
