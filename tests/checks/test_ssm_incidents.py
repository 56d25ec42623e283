"""Incident Manager checks: a response plan exists in the account."""

from __future__ import annotations

from checks.ssm_incidents import response_plan_exists
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses


def plan(name: str, region: str = REGION) -> Item:
    return item(
        f"arn:aws:ssm-incidents::{ACCOUNT}:response-plan/{name}", {"name": name}, name=name, region=region
    )


def test_response_plan_in_any_region_passes_and_none_fails() -> None:
    inv = InventoryBuilder().add("ssm-incidents.response-plans", [plan("sev1-security")])
    inv.add("ssm-incidents.response-plans", [], region="eu-west-2")
    [result] = run_check(response_plan_exists, inv, regions=(REGION, "eu-west-2"))
    assert result.status is Status.PASS and "sev1-security" in result.message and result.evidence
    [none] = run_check(response_plan_exists, InventoryBuilder().add("ssm-incidents.response-plans", []))
    assert none.status is Status.FAIL


def test_response_plans_unreadable_give_error() -> None:
    denied = InventoryBuilder().unavailable("ssm-incidents.response-plans")
    assert statuses(run_check(response_plan_exists, denied)) == ["ERROR"]
