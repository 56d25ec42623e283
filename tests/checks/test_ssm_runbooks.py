"""Systems Manager runbook checks: the account holds its own automation runbooks."""

from __future__ import annotations

from checks.ssm_runbooks import response_runbooks_exist
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses


def runbook(name: str, region: str = REGION) -> Item:
    return item(f"arn:aws:ssm:{region}:{ACCOUNT}:document/{name}", {"Name": name}, name=name, region=region)


def test_own_automation_runbooks_pass_none_fail_unreadable_error() -> None:
    inv = InventoryBuilder().add("ssm.automation-runbooks", [runbook("Quarantine-EC2-Instance")])
    [result] = run_check(response_runbooks_exist, inv)
    assert result.status is Status.PASS and "Quarantine-EC2-Instance" in result.message
    [none] = run_check(response_runbooks_exist, InventoryBuilder().add("ssm.automation-runbooks", []))
    assert none.status is Status.FAIL
    denied = InventoryBuilder().unavailable("ssm.automation-runbooks")
    assert statuses(run_check(response_runbooks_exist, denied)) == ["ERROR"]
