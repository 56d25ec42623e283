"""AWS Backup coverage: plans select resources and copy off-site, locked vaults deny recovery-point
deletion (policy engine), and resources tagged backup=required are protected."""

from __future__ import annotations

import json
from typing import Any

from checks.backup_coverage import (
    plan_copies_off_site,
    plan_has_selection,
    resource_protected,
    vault_denies_recovery_point_deletion,
)
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

PLAN_ARN = f"arn:aws:backup:{REGION}:{ACCOUNT}:backup-plan:daily"


def vault_arn(name: str, region: str = REGION, account: str = ACCOUNT) -> str:
    return f"arn:aws:backup:{region}:{account}:backup-vault:{name}"


def selections_plan(*names: str, unreadable: bool = False) -> Item:
    if unreadable:
        return item(PLAN_ARN, {"BackupPlanName": "daily"}, name="daily", errors={"Selections": ACCESS_DENIED})
    selections = [{"SelectionName": n, "SelectionId": f"id-{n}"} for n in names]
    return item(PLAN_ARN, {"BackupPlanName": "daily", "Selections": selections}, name="daily")


def test_plan_selection_pass_fail_error() -> None:
    [passed] = run_check(
        plan_has_selection, InventoryBuilder().add("backup.plan-selections", [selections_plan("tagged")])
    )
    assert passed.status is Status.PASS and "tagged" in passed.message
    [failed] = run_check(
        plan_has_selection, InventoryBuilder().add("backup.plan-selections", [selections_plan()])
    )
    assert failed.status is Status.FAIL and "no resource selection" in failed.message
    unread = InventoryBuilder().add("backup.plan-selections", [selections_plan(unreadable=True)])
    assert statuses(run_check(plan_has_selection, unread)) == ["ERROR"]
    assert statuses(
        run_check(plan_has_selection, InventoryBuilder().unavailable("backup.plan-selections"))
    ) == ["ERROR"]


def copy_plan(*destinations: str, unreadable: bool = False) -> Item:
    if unreadable:
        return item(PLAN_ARN, {"BackupPlanName": "daily"}, name="daily", errors={"Plan": ACCESS_DENIED})
    rules: list[dict[str, Any]] = [
        {
            "RuleName": "nightly",
            "TargetBackupVaultName": "local",
            "CopyActions": [{"DestinationBackupVaultArn": d} for d in destinations],
        }
    ]
    return item(PLAN_ARN, {"BackupPlanName": "daily", "Plan": {"Rules": rules}}, name="daily")


def _copy_status(plan: Item) -> Status:
    [result] = run_check(plan_copies_off_site, InventoryBuilder().add("backup.plans", [plan]))
    return result.status


def test_copy_to_another_region_or_account_passes() -> None:
    assert _copy_status(copy_plan(vault_arn("dr", region="eu-west-1"))) is Status.PASS
    assert _copy_status(copy_plan(vault_arn("central", account="999999999999"))) is Status.PASS


def test_copy_within_the_same_region_and_account_or_no_copy_fails() -> None:
    assert _copy_status(copy_plan(vault_arn("second-local"))) is Status.FAIL
    assert _copy_status(copy_plan()) is Status.FAIL


def test_copy_destinations_unknown_give_error() -> None:
    assert _copy_status(copy_plan("not-an-arn")) is Status.ERROR
    assert _copy_status(copy_plan(unreadable=True)) is Status.ERROR
    assert statuses(run_check(plan_copies_off_site, InventoryBuilder().unavailable("backup.plans"))) == [
        "ERROR"
    ]


DENY_DELETE = {
    "Effect": "Deny",
    "Principal": {"AWS": "*"},
    "Action": ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"],
    "Resource": "*",
}


def policy_vault(*statements: dict[str, Any], locked: bool = True, text: str | None = None) -> Item:
    document = (
        text if text is not None else json.dumps({"Version": "2012-10-17", "Statement": list(statements)})
    )
    policy = document if statements or text is not None else None
    return item(
        vault_arn("central"),
        {"BackupVaultName": "central", "Locked": locked, "AccessPolicy": policy},
        name="central",
    )


def _vault_result(vault: Item) -> Any:
    [result] = run_check(
        vault_denies_recovery_point_deletion, InventoryBuilder().add("backup.vault-access-policies", [vault])
    )
    return result


def test_locked_vault_denying_deletion_to_everyone_passes() -> None:
    result = _vault_result(policy_vault(DENY_DELETE))
    assert result.status is Status.PASS and result.details["deciding_statements"]
    wildcard = {**DENY_DELETE, "Principal": "*", "Action": "backup:Delete*"}
    assert _vault_result(policy_vault(wildcard)).status is Status.PASS


def test_deny_with_an_escape_or_for_some_principals_or_no_policy_fails() -> None:
    exempt_admin = {
        **DENY_DELETE,
        "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::111111111111:role/Admin"}},
    }
    assert _vault_result(policy_vault(exempt_admin)).status is Status.FAIL
    one_role = {**DENY_DELETE, "Principal": {"AWS": "arn:aws:iam::111111111111:role/Ops"}}
    assert _vault_result(policy_vault(one_role)).status is Status.FAIL
    narrow = {**DENY_DELETE, "Resource": f"arn:aws:backup:{REGION}:{ACCOUNT}:recovery-point:*"}
    assert _vault_result(policy_vault(narrow)).status is Status.FAIL
    allow_only = {**DENY_DELETE, "Effect": "Allow"}
    assert _vault_result(policy_vault(allow_only)).status is Status.FAIL
    no_policy = _vault_result(policy_vault())
    assert no_policy.status is Status.FAIL and "no access policy" in no_policy.message


def test_vault_policy_unknown_or_malformed_gives_error_and_unlocked_is_not_applicable() -> None:
    assert _vault_result(policy_vault(text="{not json")).status is Status.ERROR
    unread = item(vault_arn("v"), {"Locked": True}, errors={"AccessPolicy": ACCESS_DENIED})
    assert _vault_result(unread).status is Status.ERROR
    assert _vault_result(policy_vault(DENY_DELETE, locked=False)).status is Status.NOT_APPLICABLE


def required(arn: str, protection: dict[str, Any] | None) -> Item:
    return item(arn, {"ResourceARN": arn, "Protection": protection})


def test_tagged_resources_are_protected_or_fail() -> None:
    table = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/orders"
    bucket = "arn:aws:s3:::claims-data"
    inv = InventoryBuilder().add(
        "backup.required-resources",
        [
            required(table, {"ResourceArn": table, "LastBackupTime": "2026-11-30T05:00:00+00:00"}),
            required(bucket, None),
        ],
    )
    results = {r.resource_id: r for r in run_check(resource_protected, inv)}
    assert results[table].status is Status.PASS and "2026-11-30" in results[table].message
    assert results[bucket].status is Status.FAIL and "no recovery point" in results[bucket].message
    empty = InventoryBuilder().add("backup.required-resources", [])
    assert statuses(run_check(resource_protected, empty)) == ["NOT_APPLICABLE"]
    denied = InventoryBuilder().unavailable("backup.required-resources")
    assert statuses(run_check(resource_protected, denied)) == ["ERROR"]
