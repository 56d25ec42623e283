"""WorkSpaces checks: root and user volumes encrypted."""

from __future__ import annotations

from typing import Any

from checks.workspaces import volumes_encrypted
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses


def desktop(**flags: Any) -> InventoryBuilder:
    data = {"WorkspaceId": "ws-1", "UserName": "alice", **flags}
    return InventoryBuilder().add(
        "workspaces.workspaces", [item(f"arn:aws:workspaces:{REGION}:{ACCOUNT}:workspace/ws-1", data)]
    )


def test_workspaces_pass_only_with_both_volumes_encrypted() -> None:
    both = desktop(
        RootVolumeEncryptionEnabled=True, UserVolumeEncryptionEnabled=True, VolumeEncryptionKey="k"
    )
    [passed] = run_check(volumes_encrypted, both)
    assert passed.status is Status.PASS and "encrypted with k" in passed.message
    [root_only] = run_check(volumes_encrypted, desktop(RootVolumeEncryptionEnabled=True))
    assert root_only.status is Status.FAIL and "user volume" in root_only.message
    assert "root" not in root_only.message
    [neither] = run_check(volumes_encrypted, desktop(RootVolumeEncryptionEnabled=False))
    assert neither.status is Status.FAIL and "root and user" in neither.message
    # moto and some API answers give an empty string rather than false: never counted as encrypted.
    blank = desktop(RootVolumeEncryptionEnabled="", UserVolumeEncryptionEnabled="")
    assert statuses(run_check(volumes_encrypted, blank)) == ["FAIL"]
    denied = InventoryBuilder().unavailable("workspaces.workspaces", ACCESS_DENIED)
    assert statuses(run_check(volumes_encrypted, denied)) == ["ERROR"]
