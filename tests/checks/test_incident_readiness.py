"""Incident readiness: Incident Manager response plans exist, and where Shield Advanced is active the Shield
Response Team has a role and emergency contacts are set."""

from __future__ import annotations

from typing import Any

from checks.shield import drt_access
from checks.ssm_incidents import response_plan_exists
from checks.ssm_runbooks import response_runbooks_exist
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

SUBSCRIPTION = f"arn:aws:shield::{ACCOUNT}:subscription"
DRT_ROLE = f"arn:aws:iam::{ACCOUNT}:role/shield-drt"
CONTACT = {"EmailAddress": "soc@example.com", "PhoneNumber": "+15555550100"}


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


def subscription(state: str, **aspects: Any) -> Item:
    return item(SUBSCRIPTION, {"SubscriptionState": state, **aspects}, name="Shield Advanced")


def _drt(subscription_item: Item) -> Any:
    [result] = run_check(drt_access, InventoryBuilder().add("shield.subscription", [subscription_item]))
    return result


def test_active_subscription_with_drt_role_and_contacts_passes() -> None:
    access = {"RoleArn": DRT_ROLE, "LogBucketList": ["alb-logs"]}
    result = _drt(subscription("ACTIVE", DrtAccess=access, EmergencyContacts=[CONTACT]))
    assert result.status is Status.PASS and DRT_ROLE in result.message and "alb-logs" in result.message


def test_active_subscription_missing_role_or_contacts_fails_and_inactive_is_not_applicable() -> None:
    no_role = _drt(subscription("ACTIVE", DrtAccess=None, EmergencyContacts=[CONTACT]))
    assert no_role.status is Status.FAIL and "no role" in no_role.message
    no_contacts = _drt(subscription("ACTIVE", DrtAccess={"RoleArn": DRT_ROLE}, EmergencyContacts=[]))
    assert no_contacts.status is Status.FAIL and "emergency contact" in no_contacts.message
    assert _drt(subscription("INACTIVE")).status is Status.NOT_APPLICABLE


def test_unreadable_drt_access_or_subscription_gives_error() -> None:
    unread = item(
        SUBSCRIPTION,
        {"SubscriptionState": "ACTIVE", "EmergencyContacts": [CONTACT]},
        errors={"DrtAccess": ACCESS_DENIED},
    )
    assert _drt(unread).status is Status.ERROR
    assert statuses(run_check(drt_access, InventoryBuilder().unavailable("shield.subscription"))) == ["ERROR"]


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
