"""Security Hub: the hub in each region and the administrator account this account reports to."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors._lib.org_configuration import org_configuration_collector
from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item

# DescribeHub answers InvalidAccessException "Account is not subscribed to AWS Security Hub" when off.
# https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DescribeHub.html
NOT_SUBSCRIBED = ("InvalidAccessException",)


def administrator(api: Api) -> dict[str, Any] | None:
    """The member's view of its administrator; None when it has none."""
    admin: dict[str, Any] | None = api.call("get_administrator_account").get("Administrator")
    return admin


def enabled_standards(api: Api) -> list[dict[str, Any]]:
    """The standards subscriptions of the hub (StandardsArn, StandardsStatus, ...)."""
    return api.paginate("get_enabled_standards", "StandardsSubscriptions")


def collect_hubs(api: Api) -> Iterator[Item]:
    hub = api.optional("describe_hub", absent=NOT_SUBSCRIBED)
    if hub is None:
        return
    data = {k: v for k, v in hub.items() if k != "ResponseMetadata"}
    builder = api.resource(data["HubArn"], f"{api.account_id}/{api.region}", data)
    builder.aspect("Administrator", administrator, api)
    builder.aspect("EnabledStandards", enabled_standards, api)
    yield builder.build()


DATASETS = (
    Dataset(
        name="securityhub.hubs",
        service="securityhub",
        reach=Reach.REGIONAL,
        description="The Security Hub hub in the region (absent when not subscribed), the administrator "
        "account it reports to, and the standards enabled on it.",
        calls={
            "DescribeHub": "securityhub:DescribeHub",
            "GetAdministratorAccount": "securityhub:GetAdministratorAccount",
            "GetEnabledStandards": "securityhub:GetEnabledStandards",
        },
        collect=collect_hubs,
    ),
    Dataset(
        name="securityhub.org-configuration",
        service="securityhub",
        reach=Reach.REGIONAL,
        description="The delegated administrator's Security Hub organization configuration (auto-enable of "
        "new member accounts, local or central configuration); refused, so empty, in other accounts.",
        calls={"DescribeOrganizationConfiguration": "securityhub:DescribeOrganizationConfiguration"},
        collect=org_configuration_collector(),
    ),
)
