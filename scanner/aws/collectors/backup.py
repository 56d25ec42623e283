"""AWS Backup: backup plans with their rules, and backup vaults with their Vault Lock settings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def plan_detail(api: Api, plan_id: str) -> dict[str, Any]:
    """The current version of the plan: its rules, each naming the vault it writes to."""
    plan: dict[str, Any] = api.call("get_backup_plan", BackupPlanId=plan_id).get("BackupPlan", {})
    return plan


def collect_plans(api: Api) -> Iterator[Item]:
    for plan in api.paginate("list_backup_plans", "BackupPlansList"):
        builder = api.resource(plan["BackupPlanArn"], plan.get("BackupPlanName", plan["BackupPlanId"]), plan)
        builder.aspect("Plan", plan_detail, api, plan["BackupPlanId"])
        yield builder.build()


def collect_vaults(api: Api) -> Iterator[Item]:
    # ListBackupVaults already carries the Vault Lock state (Locked, MinRetentionDays, MaxRetentionDays,
    # LockDate) that DescribeBackupVault would return, so no per-vault call is needed.
    # https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupVaultListMember.html
    for vault in api.paginate("list_backup_vaults", "BackupVaultList"):
        yield api.resource(vault["BackupVaultArn"], vault["BackupVaultName"], vault).build()


DATASETS = (
    Dataset(
        name="backup.plans",
        service="backup",
        reach=Reach.REGIONAL,
        description="AWS Backup plans with their rules and target vaults.",
        calls={"ListBackupPlans": "backup:ListBackupPlans", "GetBackupPlan": "backup:GetBackupPlan"},
        collect=collect_plans,
    ),
    Dataset(
        name="backup.vaults",
        service="backup",
        reach=Reach.REGIONAL,
        description="AWS Backup vaults with their Vault Lock state and minimum retention.",
        calls={"ListBackupVaults": "backup:ListBackupVaults"},
        collect=collect_vaults,
    ),
)
