"""Shield Advanced subscription: whether the account subscribes and, if so, the Shield Response Team's
access and the emergency contacts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def drt_access(api: Api) -> dict[str, Any] | None:
    """The role and log buckets the Shield Response Team may use; None when no access was ever granted."""
    response = api.optional("describe_drt_access", absent=("ResourceNotFoundException",))
    if response is None:
        return None
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def emergency_contacts(api: Api) -> list[dict[str, Any]]:
    response = api.optional("describe_emergency_contact_settings", absent=("ResourceNotFoundException",))
    return list((response or {}).get("EmergencyContactList") or [])


def collect_shield_subscription(api: Api) -> Iterator[Item]:
    # Shield Advanced is answered by one endpoint (us-east-1) for the whole account, whatever the region.
    state = api.call("get_subscription_state").get("SubscriptionState", "INACTIVE")
    builder = api.resource(
        f"arn:{api.partition}:shield::{api.account_id}:subscription",
        "Shield Advanced",
        {"SubscriptionState": state},
    )
    if state == "ACTIVE":
        builder.aspect("DrtAccess", drt_access, api)
        builder.aspect("EmergencyContacts", emergency_contacts, api)
    yield builder.build()


DATASETS = (
    Dataset(
        name="shield.subscription",
        service="shield",
        reach=Reach.GLOBAL,
        description="Whether the account subscribes to Shield Advanced and, if so, the Shield Response "
        "Team's access (role and log buckets) and the emergency contacts.",
        calls={
            "GetSubscriptionState": "shield:GetSubscriptionState",
            "DescribeDRTAccess": "shield:DescribeDRTAccess",
            "DescribeEmergencyContactSettings": "shield:DescribeEmergencyContactSettings",
        },
        collect=collect_shield_subscription,
    ),
)
