"""Athena workgroup checks: results encrypted (and the encryption enforced), and the other settings."""

from __future__ import annotations

from typing import Any

from checks.athena import (
    workgroup_cloudwatch_metrics,
    workgroup_enforce_configuration,
    workgroup_results_encrypted,
    workgroup_scan_limit,
)
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import (
    ACCESS_DENIED,
    ACCOUNT,
    REGION,
    InventoryBuilder,
    item,
    run_check,
    statuses,
)


def workgroup(name: str, configuration: dict[str, object]) -> object:
    return item(
        f"arn:aws:athena:{REGION}:{ACCOUNT}:workgroup/{name}",
        {"WorkGroup": {"Name": name, "Configuration": configuration}},
    )


def test_workgroup_encrypted_and_enforced_passes() -> None:
    cfg = {
        "ResultConfiguration": {"EncryptionConfiguration": {"EncryptionOption": "SSE_KMS"}},
        "EnforceWorkGroupConfiguration": True,
    }
    inv = InventoryBuilder().add("athena.workgroups", [workgroup("wg", cfg)])
    assert statuses(run_check(workgroup_results_encrypted, inv)) == ["PASS"]


def test_workgroup_encrypted_but_not_enforced_fails() -> None:
    cfg = {"ResultConfiguration": {"EncryptionConfiguration": {"EncryptionOption": "SSE_KMS"}}}
    inv = InventoryBuilder().add("athena.workgroups", [workgroup("wg", cfg)])
    [result] = run_check(workgroup_results_encrypted, inv)
    assert result.status is Status.FAIL
    assert "override" in result.message


def test_workgroup_unencrypted_fails() -> None:
    inv = InventoryBuilder().add(
        "athena.workgroups", [workgroup("wg", {"EnforceWorkGroupConfiguration": True})]
    )
    assert statuses(run_check(workgroup_results_encrypted, inv)) == ["FAIL"]


def test_workgroups_unavailable_in_one_region_is_error_there_only() -> None:
    cfg = {
        "ResultConfiguration": {"EncryptionConfiguration": {"EncryptionOption": "SSE_S3"}},
        "EnforceWorkGroupConfiguration": True,
    }
    inv = (
        InventoryBuilder()
        .add("athena.workgroups", [workgroup("wg", cfg)])
        .unavailable("athena.workgroups", ACCESS_DENIED, region="eu-west-1")
    )
    results = run_check(workgroup_results_encrypted, inv, regions=(REGION, "eu-west-1"))
    assert {(r.region, r.status.value) for r in results} == {(REGION, "PASS"), ("eu-west-1", "ERROR")}


CHECKS = (workgroup_enforce_configuration, workgroup_cloudwatch_metrics, workgroup_scan_limit)


GOOD = {
    "EnforceWorkGroupConfiguration": True,
    "PublishCloudWatchMetricsEnabled": True,
    "BytesScannedCutoffPerQuery": 10_000_000_000,
}


def analysts_workgroup(configuration: dict[str, Any], state: str = "ENABLED", **errors: Any) -> Item:
    arn = f"arn:aws:athena:{REGION}:{ACCOUNT}:workgroup/analysts"
    data = {"State": state, "WorkGroup": {"Name": "analysts", "State": state, "Configuration": configuration}}
    return item(arn, data, errors=errors or None)


def _run(check: Any, wg: Item) -> list[str]:
    return statuses(run_check(check, InventoryBuilder().add("athena.workgroups", [wg])))


def test_each_setting_passes_when_on_and_fails_when_off() -> None:
    for check in CHECKS:
        assert _run(check, analysts_workgroup(GOOD)) == ["PASS"], check.__name__
        assert _run(check, analysts_workgroup({})) == ["FAIL"], check.__name__
    assert _run(
        workgroup_enforce_configuration, analysts_workgroup({**GOOD, "EnforceWorkGroupConfiguration": False})
    ) == ["FAIL"]


def test_disabled_workgroups_are_not_applicable_and_unreadable_ones_error() -> None:
    for check in CHECKS:
        assert _run(check, analysts_workgroup({}, state="DISABLED")) == ["NOT_APPLICABLE"]
        assert _run(check, analysts_workgroup(GOOD, WorkGroup=ACCESS_DENIED)) == ["ERROR"]
        denied = InventoryBuilder().unavailable("athena.workgroups", ACCESS_DENIED)
        assert statuses(run_check(check, denied)) == ["ERROR"]
