"""Inspector: Lambda scanning is on in every region where Lambda functions run."""

from __future__ import annotations

from checks.inspector import inspector_lambda_scanning
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

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
