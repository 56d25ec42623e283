"""Trusted Advisor security checks: red fails, green and yellow pass, no support plan is not applicable."""

from __future__ import annotations

from typing import Any

from checks.trusted_advisor import security_check_ok
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, InventoryBuilder, item, run_check, statuses

ARN = f"arn:aws:trustedadvisor::{ACCOUNT}:checks/security/HCP4007jGY"


def advisor(status: str | None, flagged: int = 0, **data: Any) -> InventoryBuilder:
    body: dict[str, Any] = {"Available": True, "Id": "HCP4007jGY", "Name": "Security Groups - Specific Ports"}
    errors = {}
    if status is None:
        errors = {"Result": ACCESS_DENIED}
    else:
        body["Result"] = {"status": status, "flaggedResourceCount": flagged}
    body.update(data)
    check_item = item(ARN, body, name=body["Name"], region="global", errors=errors)
    return InventoryBuilder().add("support.trusted-advisor-security", [check_item])


def run(inventory: InventoryBuilder) -> list[Any]:
    return run_check(security_check_ok, inventory, regions=("global",))


def test_red_fails_green_and_yellow_pass() -> None:
    [red] = run(advisor("error", 3))
    assert red.status is Status.FAIL and "3 flagged" in red.message
    assert statuses(run(advisor("ok"))) == ["PASS"]
    [yellow] = run(advisor("warning", 2))
    assert yellow.status is Status.PASS and "2 flagged resource(s) to review" in yellow.message


def test_unknown_results_are_errors_and_missing_plans_not_applicable() -> None:
    assert statuses(run(advisor(None))) == ["ERROR"]
    assert statuses(run(advisor("mystery"))) == ["ERROR"]
    assert statuses(run(advisor("not_available"))) == ["NOT_APPLICABLE"]
    no_plan = item(f"arn:aws:trustedadvisor::{ACCOUNT}:checks", {"Available": False}, region="global")
    inventory = InventoryBuilder().add("support.trusted-advisor-security", [no_plan])
    [result] = run(inventory)
    assert result.status is Status.NOT_APPLICABLE and "Business support" in result.message
    denied = InventoryBuilder().unavailable("support.trusted-advisor-security", ACCESS_DENIED)
    assert statuses(run(denied)) == ["ERROR"]
