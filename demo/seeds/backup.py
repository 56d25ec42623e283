"""Demo: AWS Backup in the workload and shared-services accounts: a vault and a daily plan each; tenant-b's
vault is not locked, and the other landing-zone accounts have no plan at all."""

from __future__ import annotations

from demo.world import HOME, DemoWorld

CENTRAL_VAULT = "central-backups"  # shared-services' vault, where tenant-a copies its recovery points
# account -> (vault, locked)
VAULTS = {
    "shared-services": (CENTRAL_VAULT, True),
    "tenant-a": ("tenant-a-backups", True),
    "tenant-b": ("tenant-b-backups", False),
}


def seed(world: DemoWorld) -> None:
    for name, (vault, locked) in VAULTS.items():
        backup = world.sessions[name].client("backup", region_name=HOME)
        backup.create_backup_vault(BackupVaultName=vault)
        if locked:
            backup.put_backup_vault_lock_configuration(
                BackupVaultName=vault, MinRetentionDays=35, MaxRetentionDays=365, ChangeableForDays=3
            )
        backup.create_backup_plan(
            BackupPlan={
                "BackupPlanName": f"{name}-daily",
                "Rules": [
                    {
                        "RuleName": "daily-35-days",
                        "TargetBackupVaultName": vault,
                        "ScheduleExpression": "cron(0 5 ? * * *)",
                        "Lifecycle": {"DeleteAfterDays": 35},
                    }
                ],
            }
        )
