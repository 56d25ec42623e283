"""Backup collector against moto: plans with their rules, and vaults with Vault Lock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
from moto import mock_aws

from scanner.aws.collectors import backup
from scanner.inventory import DatasetRecord
from tests.collectors.harness import collect_in_moto

REGION = "eu-west-1"


def _collect(tmp_path: Path, dataset: Any) -> DatasetRecord:
    return collect_in_moto(tmp_path, dataset, REGION, available=True)


def test_backup_plans_with_rules_and_locked_vaults(tmp_path: Path) -> None:
    with mock_aws():
        client = boto3.client("backup", region_name=REGION)
        client.create_backup_vault(BackupVaultName="central")
        client.put_backup_vault_lock_configuration(BackupVaultName="central", MinRetentionDays=35)
        client.create_backup_plan(
            BackupPlan={
                "BackupPlanName": "daily",
                "Rules": [{"RuleName": "nightly", "TargetBackupVaultName": "central"}],
            }
        )
        [plans, vaults] = [_collect(tmp_path / d.name, d) for d in backup.DATASETS]
    [plan] = plans.items
    assert plan.name == "daily" and plan["Plan"]["Rules"][0]["TargetBackupVaultName"] == "central"
    [vault] = vaults.items
    assert vault.name == "central" and vault.data["Locked"] is True and vault.data["MinRetentionDays"] == 35
