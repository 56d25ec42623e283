"""Athena workgroups: enforced configuration, CloudWatch metrics, and a per-query scan limit."""

from __future__ import annotations

from typing import Any

from checks.athena import workgroup_cloudwatch_metrics, workgroup_enforce_configuration, workgroup_scan_limit
from scanner.inventory import Item
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

CHECKS = (workgroup_enforce_configuration, workgroup_cloudwatch_metrics, workgroup_scan_limit)
GOOD = {
    "EnforceWorkGroupConfiguration": True,
    "PublishCloudWatchMetricsEnabled": True,
    "BytesScannedCutoffPerQuery": 10_000_000_000,
}


def workgroup(configuration: dict[str, Any], state: str = "ENABLED", **errors: Any) -> Item:
    arn = f"arn:aws:athena:{REGION}:{ACCOUNT}:workgroup/analysts"
    data = {"State": state, "WorkGroup": {"Name": "analysts", "State": state, "Configuration": configuration}}
    return item(arn, data, errors=errors or None)


def _run(check: Any, wg: Item) -> list[str]:
    return statuses(run_check(check, InventoryBuilder().add("athena.workgroups", [wg])))


def test_each_setting_passes_when_on_and_fails_when_off() -> None:
    for check in CHECKS:
        assert _run(check, workgroup(GOOD)) == ["PASS"], check.__name__
        assert _run(check, workgroup({})) == ["FAIL"], check.__name__
    assert _run(
        workgroup_enforce_configuration, workgroup({**GOOD, "EnforceWorkGroupConfiguration": False})
    ) == ["FAIL"]


def test_disabled_workgroups_are_not_applicable_and_unreadable_ones_error() -> None:
    for check in CHECKS:
        assert _run(check, workgroup({}, state="DISABLED")) == ["NOT_APPLICABLE"]
        assert _run(check, workgroup(GOOD, WorkGroup=ACCESS_DENIED)) == ["ERROR"]
        denied = InventoryBuilder().unavailable("athena.workgroups", ACCESS_DENIED)
        assert statuses(run_check(check, denied)) == ["ERROR"]
