"""IAM account checks: the root user has MFA and no access keys."""

from __future__ import annotations

from checks.iam import root_mfa, root_no_access_keys
from tests.builders import (
    ACCESS_DENIED,
    ACCOUNT,
    InventoryBuilder,
    item,
    run_check,
    statuses,
)


def test_root_mfa() -> None:
    def summary(flag: int) -> InventoryBuilder:
        return InventoryBuilder().add(
            "iam.account-summary",
            [item(f"arn:aws:iam::{ACCOUNT}:root", {"AccountMFAEnabled": flag}, region="global")],
        )

    assert statuses(run_check(root_mfa, summary(1))) == ["PASS"]
    assert statuses(run_check(root_mfa, summary(0))) == ["FAIL"]
    denied = InventoryBuilder().unavailable("iam.account-summary", ACCESS_DENIED)
    assert statuses(run_check(root_mfa, denied)) == ["ERROR"]


def summary(**values: int) -> InventoryBuilder:
    root = item(f"arn:aws:iam::{ACCOUNT}:root", values, name="root", region="global")
    return InventoryBuilder().add("iam.account-summary", [root])


def test_root_access_keys() -> None:
    assert statuses(run_check(root_no_access_keys, summary(AccountAccessKeysPresent=0))) == ["PASS"]
    assert statuses(run_check(root_no_access_keys, summary(AccountAccessKeysPresent=1))) == ["FAIL"]
    assert statuses(run_check(root_no_access_keys, summary(AccountMFAEnabled=1))) == ["ERROR"]
    denied = InventoryBuilder().unavailable("iam.account-summary", ACCESS_DENIED)
    assert statuses(run_check(root_no_access_keys, denied)) == ["ERROR"]
