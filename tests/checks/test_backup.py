"""AWS Backup: a plan with rules exists, and the vaults plans write to are locked with a minimum retention."""

from __future__ import annotations

from typing import Any

from checks.backup import backup_plan_exists, vault_lock
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses


def plan(*vaults: str, name: str = "daily", unreadable: bool = False) -> Item:
    arn = f"arn:aws:backup:{REGION}:{ACCOUNT}:backup-plan:{name}"
    rules = [{"RuleName": f"to-{v}", "TargetBackupVaultName": v} for v in vaults]
    if unreadable:
        return item(arn, {"BackupPlanName": name}, name=name, errors={"Plan": ACCESS_DENIED})
    return item(arn, {"BackupPlanName": name, "Plan": {"Rules": rules}}, name=name)


def vault(name: str, **lock: Any) -> Item:
    arn = f"arn:aws:backup:{REGION}:{ACCOUNT}:backup-vault:{name}"
    return item(arn, {"BackupVaultName": name, **lock}, name=name)


def test_plan_exists_passes_with_a_rule_anywhere_in_the_account() -> None:
    inv = InventoryBuilder().add("backup.plans", [plan("central")])
    [result] = run_check(backup_plan_exists, inv)
    assert result.status is Status.PASS and "daily" in result.message and result.evidence
    assert statuses(run_check(backup_plan_exists, InventoryBuilder().add("backup.plans", []))) == ["FAIL"]
    empty = InventoryBuilder().add("backup.plans", [plan()])
    [result] = run_check(backup_plan_exists, empty)
    assert result.status is Status.FAIL and "without rules" in result.message
    unread = InventoryBuilder().add("backup.plans", [plan(unreadable=True)])
    assert statuses(run_check(backup_plan_exists, unread)) == ["ERROR"]
    denied = InventoryBuilder().unavailable("backup.plans", ACCESS_DENIED)
    assert statuses(run_check(backup_plan_exists, denied)) == ["ERROR"]


def test_vault_lock_judges_only_the_vaults_plans_write_to() -> None:
    vaults = [
        vault("central", Locked=True, MinRetentionDays=35, LockDate="2026-01-01T00:00:00+00:00"),
        vault("scratch", Locked=False),
        vault("unused", Locked=False),
        vault("no-minimum", Locked=True),
    ]
    plans = [plan("central", "scratch"), plan("no-minimum", "gone", name="weekly")]
    inv = InventoryBuilder().add("backup.plans", plans).add("backup.vaults", vaults)
    results = {r.resource_id.rsplit(":", 1)[-1].rsplit("/", 1)[-1]: r for r in run_check(vault_lock, inv)}
    assert set(results) == {"central", "scratch", "no-minimum", "gone"}
    assert results["central"].status is Status.PASS and "compliance mode" in results["central"].message
    assert results["scratch"].status is Status.FAIL and "not locked" in results["scratch"].message
    assert (
        results["no-minimum"].status is Status.FAIL and "without a minimum" in results["no-minimum"].message
    )
    assert results["gone"].status is Status.FAIL and "does not exist" in results["gone"].message


def test_vault_lock_errors_when_plans_or_vaults_are_unknown() -> None:
    unread = InventoryBuilder().add("backup.plans", [plan(unreadable=True)]).add("backup.vaults", [])
    assert statuses(run_check(vault_lock, unread)) == ["ERROR"]
    denied = InventoryBuilder().add("backup.plans", [plan("central")]).unavailable("backup.vaults")
    assert statuses(run_check(vault_lock, denied)) == ["ERROR"]
    no_plans = InventoryBuilder().add("backup.plans", []).add("backup.vaults", [vault("v", Locked=False)])
    assert statuses(run_check(vault_lock, no_plans)) == ["NOT_APPLICABLE"]
