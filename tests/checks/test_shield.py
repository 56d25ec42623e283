"""Shield Advanced subscription checks: the Shield Response Team has access and emergency contacts are set."""

from __future__ import annotations

from typing import Any

from checks.shield import drt_access
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, InventoryBuilder, item, run_check, statuses

SUBSCRIPTION = f"arn:aws:shield::{ACCOUNT}:subscription"


DRT_ROLE = f"arn:aws:iam::{ACCOUNT}:role/shield-drt"


CONTACT = {"EmailAddress": "soc@example.com", "PhoneNumber": "+15555550100"}


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
