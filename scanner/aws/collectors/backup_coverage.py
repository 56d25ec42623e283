"""AWS Backup coverage: each plan's resource selections, each vault's access policy, and whether the
resources tagged backup=required have been backed up (are protected resources)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.facts import BACKUP_REQUIRED_TAG
from scanner.inventory import Item


def plan_selections(api: Api, plan_id: str) -> list[dict[str, Any]]:
    """The plan's resource selections (name, id, IAM role); empty when the plan selects nothing."""
    return list(api.paginate("list_backup_selections", "BackupSelectionsList", BackupPlanId=plan_id))


def collect_plan_selections(api: Api) -> Iterator[Item]:
    for plan in api.paginate("list_backup_plans", "BackupPlansList"):
        builder = api.resource(plan["BackupPlanArn"], plan.get("BackupPlanName", plan["BackupPlanId"]), plan)
        builder.aspect("Selections", plan_selections, api, plan["BackupPlanId"])
        yield builder.build()


def vault_access_policy(api: Api, vault: str) -> str | None:
    """The vault's access policy document, or None when it has none. AWS answers a vault without a policy
    with ResourceNotFoundException ("... has no associated POLICY"); the vault itself was just listed."""
    response = api.optional(
        "get_backup_vault_access_policy", absent=("ResourceNotFoundException",), BackupVaultName=vault
    )
    return None if response is None else str(response["Policy"])


def collect_vault_policies(api: Api) -> Iterator[Item]:
    for vault in api.paginate("list_backup_vaults", "BackupVaultList"):
        builder = api.resource(vault["BackupVaultArn"], vault["BackupVaultName"], vault)
        builder.aspect("AccessPolicy", vault_access_policy, api, vault["BackupVaultName"])
        yield builder.build()


def collect_required_resources(api: Api) -> Iterator[Item]:
    """Each resource of the region tagged backup=required, with its protected-resource entry (None when AWS
    Backup holds no recovery point of it). The tag filter keeps the listing to designated resources only;
    ListProtectedResources is read once per region, and only when something is designated."""
    key, value = BACKUP_REQUIRED_TAG
    tagged = api.paginate(
        "get_resources",
        "ResourceTagMappingList",
        service="resourcegroupstaggingapi",
        TagFilters=[{"Key": key, "Values": [value]}],
    )
    if not tagged:
        return
    protected = {p["ResourceArn"]: p for p in api.paginate("list_protected_resources", "Results")}
    for resource in tagged:
        arn = resource["ResourceARN"]
        data = {"ResourceARN": arn, "Protection": protected.get(arn)}
        yield api.resource(arn, arn.rsplit(":", 1)[-1].rsplit("/", 1)[-1], data).build()


DATASETS = (
    Dataset(
        name="backup.plan-selections",
        service="backup",
        reach=Reach.REGIONAL,
        description="AWS Backup plans with their resource selections.",
        calls={
            "ListBackupPlans": "backup:ListBackupPlans",
            "ListBackupSelections": "backup:ListBackupSelections",
        },
        collect=collect_plan_selections,
    ),
    Dataset(
        name="backup.vault-access-policies",
        service="backup",
        reach=Reach.REGIONAL,
        description="AWS Backup vaults with their Vault Lock state and access policy.",
        calls={
            "ListBackupVaults": "backup:ListBackupVaults",
            "GetBackupVaultAccessPolicy": "backup:GetBackupVaultAccessPolicy",
        },
        collect=collect_vault_policies,
    ),
    Dataset(
        name="backup.required-resources",
        service="backup",
        reach=Reach.REGIONAL,
        description="Resources tagged backup=required, each with the AWS Backup protected-resource entry "
        "(last backup time and vault) when it has one.",
        calls={
            "GetResources": "tag:GetResources",
            "ListProtectedResources": "backup:ListProtectedResources",
        },
        collect=collect_required_resources,
    ),
)
