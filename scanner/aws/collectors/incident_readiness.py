"""Incident readiness: Incident Manager response plans, the account's own Systems Manager automation
runbooks, and the Shield Advanced subscription with the Shield Response Team's access and the emergency
contacts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def collect_response_plans(api: Api) -> Iterator[Item]:
    for plan in api.paginate("list_response_plans", "responsePlanSummaries"):
        yield api.resource(plan["arn"], plan.get("name") or plan["arn"], plan).build()


# Documents this account wrote itself (not AWS's or shared ones) of type Automation: the response runbooks.
OWN_AUTOMATION_DOCUMENTS = [
    {"Key": "Owner", "Values": ["Self"]},
    {"Key": "DocumentType", "Values": ["Automation"]},
]


def collect_automation_runbooks(api: Api) -> Iterator[Item]:
    for document in api.paginate("list_documents", "DocumentIdentifiers", Filters=OWN_AUTOMATION_DOCUMENTS):
        name = document["Name"]
        arn = f"arn:{api.partition}:ssm:{api.region}:{api.account_id}:document/{name}"
        yield api.resource(arn, name, document).build()


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
        name="ssm-incidents.response-plans",
        service="ssm-incidents",
        reach=Reach.REGIONAL,
        description="AWS Systems Manager Incident Manager response plans.",
        calls={"ListResponsePlans": "ssm-incidents:ListResponsePlans"},
        collect=collect_response_plans,
    ),
    Dataset(
        name="ssm.automation-runbooks",
        service="ssm",
        reach=Reach.REGIONAL,
        description="Systems Manager Automation documents the account owns (its own runbooks).",
        calls={"ListDocuments": "ssm:ListDocuments"},
        collect=collect_automation_runbooks,
    ),
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
