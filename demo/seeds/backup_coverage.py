"""Demo: what the backup plans cover and where the copies go. tenant-a adds a weekly plan that copies to
shared-services' central vault, and shared-services copies its own recovery points to eu-west-2; tenant-b
copies nothing. For the AWS Backup operations moto lacks (demo.simulated_apis): every plan selects resources
except tenant-b's daily plan; shared-services' locked vault denies deleting recovery points, tenant-a's has no
access policy; tenant-a's tracking table (tagged backup=required) has been backed up, tenant-b's has not."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from demo.seeds.backup import CENTRAL_VAULT, VAULTS
from demo.seeds.dynamodb import tracking_table
from demo.simulated_apis import ApiError
from demo.world import DEMO_REGIONS, HOME, DemoWorld
from scanner.facts import BACKUP_REQUIRED_TAG

# The plans and vaults of the `backup` seed, which this one extends and selects for; the tracking tables of
# the `dynamodb` seed, which it designates.
AFTER = ("backup", "dynamodb")

DR_REGION = DEMO_REGIONS[1]
DR_VAULT = "central-backups-dr"
UNSELECTED_PLANS = ("tenant-b-daily",)
DENY_RECOVERY_POINT_DELETION = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ProtectRecoveryPoints",
                "Effect": "Deny",
                "Principal": {"AWS": "*"},
                "Action": ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"],
                "Resource": "*",
            }
        ],
    }
)
VAULT_POLICIES = {("shared-services", CENTRAL_VAULT): DENY_RECOVERY_POINT_DELETION}
BACKED_UP_TABLES = ("tenant-a",)


def seed(world: DemoWorld) -> None:
    _off_site_backup_plans(world)
    _plan_selections(world)
    _vault_access_policies(world)
    _required_backups(world)


def _vault_arn(region: str, account_id: str, name: str) -> str:
    return f"arn:aws:backup:{region}:{account_id}:backup-vault:{name}"


def _off_site_backup_plans(world: DemoWorld) -> None:
    shared = world.org.account_id("shared-services")
    world.sessions["shared-services"].client("backup", region_name=DR_REGION).create_backup_vault(
        BackupVaultName=DR_VAULT
    )
    copies = {
        "tenant-a": (VAULTS["tenant-a"][0], _vault_arn(HOME, shared, CENTRAL_VAULT)),
        "shared-services": (CENTRAL_VAULT, _vault_arn(DR_REGION, shared, DR_VAULT)),
    }
    for name, (vault, destination) in copies.items():
        world.sessions[name].client("backup", region_name=HOME).create_backup_plan(
            BackupPlan={
                "BackupPlanName": f"{name}-weekly-offsite",
                "Rules": [
                    {
                        "RuleName": "weekly-copy-away",
                        "TargetBackupVaultName": vault,
                        "ScheduleExpression": "cron(0 6 ? * SUN *)",
                        "Lifecycle": {"DeleteAfterDays": 90},
                        "CopyActions": [
                            {"DestinationBackupVaultArn": destination, "Lifecycle": {"DeleteAfterDays": 90}}
                        ],
                    }
                ],
            }
        )


def _plan_selections(world: DemoWorld) -> None:
    """Selections by plan id (moto makes the ids), answered for ListBackupSelections in every account."""
    selections: dict[str, list[dict[str, Any]]] = {}
    for name, session in world.sessions.items():
        account = world.org.account_id(name)
        for plan in session.client("backup", region_name=HOME).list_backup_plans()["BackupPlansList"]:
            if plan["BackupPlanName"] in UNSELECTED_PLANS:
                continue
            selections[plan["BackupPlanId"]] = [
                {
                    "SelectionId": f"{plan['BackupPlanId']}-tagged",
                    "SelectionName": "tagged-backup-required",
                    "BackupPlanId": plan["BackupPlanId"],
                    "IamRoleArn": f"arn:aws:iam::{account}:role/service-role/AWSBackupDefaultServiceRole",
                }
            ]

    def list_selections(params: Mapping[str, Any]) -> Mapping[str, Any]:
        return {"BackupSelectionsList": selections.get(str(params.get("BackupPlanId")), [])}

    world.apis.answer("backup", "ListBackupSelections", list_selections)


def _vault_access_policies(world: DemoWorld) -> None:
    for name in world.sessions:
        account = world.org.account_id(name)
        policies = {vault: text for (owner, vault), text in VAULT_POLICIES.items() if owner == name}

        def get_policy(
            params: Mapping[str, Any], policies: dict[str, str] = policies
        ) -> Mapping[str, Any] | ApiError:
            vault = str(params.get("BackupVaultName"))
            if vault in policies:
                return {"BackupVaultName": vault, "Policy": policies[vault]}
            return ApiError("ResourceNotFoundException", f"Backup Vault {vault} has no associated POLICY")

        world.apis.answer("backup", "GetBackupVaultAccessPolicy", get_policy, account=account)


def _required_backups(world: DemoWorld) -> None:
    """Tag each tenant's tracking table backup=required; only tenant-a's has a recovery point."""
    key, value = BACKUP_REQUIRED_TAG
    world.apis.answer("backup", "ListProtectedResources", {"Results": []})
    for tenant in ("tenant-a", "tenant-b"):
        dynamodb = world.sessions[tenant].client("dynamodb", region_name=HOME)
        table = dynamodb.describe_table(TableName=tracking_table(tenant))["Table"]
        dynamodb.tag_resource(ResourceArn=table["TableArn"], Tags=[{"Key": key, "Value": value}])
        if tenant in BACKED_UP_TABLES:
            account = world.org.account_id(tenant)
            protected = {
                "ResourceArn": table["TableArn"],
                "ResourceType": "DynamoDB",
                "ResourceName": table["TableName"],
                "LastBackupTime": "2026-11-30T05:12:00Z",
                "LastBackupVaultArn": _vault_arn(HOME, account, VAULTS[tenant][0]),
            }
            world.apis.answer(
                "backup", "ListProtectedResources", {"Results": [protected]}, account=account, region=HOME
            )
