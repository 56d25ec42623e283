"""The effective organization backup policy: a complete plan passes; gaps, other accounts and unknowns."""

from __future__ import annotations

import json
from typing import Any

from checks.organizations_backup_policy import backup_policy_applies, complete_plans
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCOUNT, InventoryBuilder, item, org_of, run_check

MGMT = "222222222222"


OTHER = "333333333333"


DATASET = "organizations.effective-backup-policy"


PLAN = {
    "plans": {
        "daily": {
            "regions": ["us-east-1"],
            "rules": {
                "daily-35": {
                    "schedule_expression": "cron(0 5 ? * * *)",
                    "target_backup_vault_name": "Default",
                }
            },
            "selections": {"tags": {"required": {"iam_role_arn": "arn:aws:iam::$account:role/backup"}}},
        }
    }
}


def policy(account: str, content: Any = None, *, evidence: str = "e") -> Item:
    raw = content if content is None or isinstance(content, str) else json.dumps(content)
    return item(f"{account}/BACKUP_POLICY", {"PolicyContent": raw}, evidence=(evidence * 64,))


def run(inv: InventoryBuilder, *, org: bool = True) -> Result:
    tree = org_of(MGMT, ACCOUNT, OTHER) if org else None
    accounts = [tree.accounts[ACCOUNT]] if tree else None
    [result] = run_check(backup_policy_applies, inv, accounts=accounts, org=tree)
    return result


def with_policies(own: Any, other: Any, management: Any = None) -> InventoryBuilder:
    return (
        InventoryBuilder()
        .add(DATASET, [policy(ACCOUNT, own)])
        .add(DATASET, [policy(OTHER, other, evidence="f")], account=OTHER)
        .add(DATASET, [policy(MGMT, management)], account=MGMT)
    )


def test_a_plan_with_a_rule_and_vault_passes_even_with_assign_operators() -> None:
    result = run(with_policies(PLAN, None))
    assert result.status is Status.PASS and "daily" in result.message
    assigned = {"plans": {"p": {"rules": {"r": {"target_backup_vault_name": {"@@assign": "central"}}}}}}
    assert complete_plans(assigned) == ["p"]


def test_incomplete_policy_or_missing_policy_where_others_have_one_fails() -> None:
    for incomplete in (
        {"plans": {}},
        {"plans": {"p": {"rules": {}}}},
        {"plans": {"p": {"rules": {"r": {}}}}},
    ):
        result = run(with_policies(incomplete, PLAN))
        assert result.status is Status.FAIL and "no plan with a rule" in result.message
    missing = run(with_policies(None, PLAN))
    assert missing.status is Status.FAIL and OTHER in missing.message and "f" * 64 in missing.evidence


def test_no_account_with_a_backup_policy_is_not_applicable() -> None:
    assert run(with_policies(None, None)).status is Status.NOT_APPLICABLE


def test_unknowns_are_errors() -> None:
    assert run(with_policies("{not json", PLAN)).status is Status.ERROR
    unread_other = (
        InventoryBuilder()
        .add(DATASET, [policy(ACCOUNT)])
        .unavailable(DATASET, account=OTHER)
        .add(DATASET, [policy(MGMT)], account=MGMT)
    )
    result = run(unread_other)
    assert result.status is Status.ERROR and OTHER in result.message
    assert run(InventoryBuilder().add(DATASET, [policy(ACCOUNT)]), org=False).status is Status.ERROR
    assert run(InventoryBuilder().unavailable(DATASET), org=False).status is Status.ERROR
