"""Inspector checks: Lambda scanning where functions run, and membership read from the administrator's member
list. (Enabled, administrator and auto-enable are tested with Security Hub's and Macie's in
tests/checks/_lib/test_security_services.py.)"""

from __future__ import annotations

from checks.inspector import (
    inspector_lambda_scanning,
    inspector_member,
)
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses
from tests.checks._lib.test_security_services import MGMT, SECURITY, delegated, run_as

FUNCTION = item(f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:etl", {"FunctionName": "etl"})


def account_status(account: str = "ENABLED", lambda_scanning: str = "ENABLED") -> Item:
    data = {
        "accountId": ACCOUNT,
        "state": {"status": account},
        "resourceState": {"ec2": {"status": "ENABLED"}, "lambda": {"status": lambda_scanning}},
    }
    return item(f"{ACCOUNT}/{REGION}", data, name=ACCOUNT)


def _run(statuses_here: list[Item], functions: list[Item]) -> list[Result]:
    inv = InventoryBuilder().add("inspector.account-status", statuses_here).add("lambda.functions", functions)
    return run_check(inspector_lambda_scanning, inv)


def test_passes_with_lambda_scanning_on_where_functions_run() -> None:
    [result] = _run([account_status()], [FUNCTION])
    assert result.status is Status.PASS and "1 Lambda function" in result.message and result.evidence


def test_fails_when_lambda_scanning_or_inspector_is_off() -> None:
    [lambda_off] = _run([account_status(lambda_scanning="DISABLED")], [FUNCTION])
    assert lambda_off.status is Status.FAIL and "lambda" in lambda_off.message
    [account_off] = _run([account_status(account="DISABLED")], [FUNCTION])
    assert account_off.status is Status.FAIL and "account" in account_off.message
    [never_enabled] = _run([], [FUNCTION])
    assert never_enabled.status is Status.FAIL


def test_not_applicable_without_functions() -> None:
    assert statuses(_run([account_status(lambda_scanning="DISABLED")], [])) == ["NOT_APPLICABLE"]


def test_errors_when_status_or_functions_are_unreadable() -> None:
    failed = item(f"{ACCOUNT}/{REGION}", {"Failed": {"errorCode": "ACCESS_DENIED"}}, name=ACCOUNT)
    assert statuses(_run([failed], [FUNCTION])) == ["ERROR"]
    no_functions = InventoryBuilder().add("inspector.account-status", [account_status()])
    no_functions.unavailable("lambda.functions", ACCESS_DENIED)
    assert statuses(run_check(inspector_lambda_scanning, no_functions)) == ["ERROR"]
    no_status = InventoryBuilder().unavailable("inspector.account-status").add("lambda.functions", [FUNCTION])
    assert statuses(run_check(inspector_lambda_scanning, no_status)) == ["ERROR"]


def _inspector_members(members: list[Item] | None) -> InventoryBuilder:
    inv = (
        InventoryBuilder()
        .add(
            "organizations.delegated-admins", [delegated(SECURITY, "inspector2.amazonaws.com")], account=MGMT
        )
        .add("inspector.members", [], account=ACCOUNT)
    )
    if members is None:
        return inv.unavailable("inspector.members", ACCESS_DENIED, account=SECURITY)
    return inv.add("inspector.members", members, account=SECURITY)


def test_inspector_member_is_read_from_the_administrators_member_list() -> None:
    def member(status: str) -> Item:
        data = {"accountId": ACCOUNT, "delegatedAdminAccountId": SECURITY, "relationshipStatus": status}
        return item(f"{REGION}/{ACCOUNT}", data, name=ACCOUNT)

    assert statuses(run_as(inspector_member, _inspector_members([member("ENABLED")]), ACCOUNT)) == ["PASS"]
    assert statuses(run_as(inspector_member, _inspector_members([member("DISABLED")]), ACCOUNT)) == ["FAIL"]
    [missing] = run_as(inspector_member, _inspector_members([]), ACCOUNT)
    assert missing.status is Status.FAIL and "does not list" in missing.message
    [unread] = run_as(inspector_member, _inspector_members(None), ACCOUNT)
    assert unread.status is Status.ERROR and "member list" in unread.message
