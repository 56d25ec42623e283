"""Amazon Macie: the Macie session in each region and the administrator account this account reports to."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors._lib.org_configuration import org_configuration_collector
from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item

# An account that never enabled Macie gets ResourceNotFoundException. Macie also answers
# AccessDeniedException "Macie is not enabled" in some cases; that code cannot be told apart from a real
# denial, so it makes the dataset unavailable (ERROR naming Macie's message) rather than read as "off".
NO_SESSION = ("ResourceNotFoundException",)


def administrator(api: Api) -> dict[str, Any] | None:
    """The member's view of its administrator; None when it has none."""
    admin: dict[str, Any] | None = api.call("get_administrator_account").get("administrator")
    return admin


def collect_sessions(api: Api) -> Iterator[Item]:
    session = api.optional("get_macie_session", absent=NO_SESSION)
    if session is None:
        return
    data = {k: v for k, v in session.items() if k != "ResponseMetadata"}
    arn = f"arn:{api.partition}:macie2:{api.region}:{api.account_id}:session"
    builder = api.resource(arn, f"{api.account_id}/{api.region}", data)
    builder.aspect("Administrator", administrator, api)
    yield builder.build()


DATASETS = (
    Dataset(
        name="macie.sessions",
        service="macie2",
        reach=Reach.REGIONAL,
        description="The Macie session in the region (status ENABLED or PAUSED; absent when never enabled) "
        "and the administrator account it reports to.",
        calls={
            "GetMacieSession": "macie2:GetMacieSession",
            "GetAdministratorAccount": "macie2:GetAdministratorAccount",
        },
        collect=collect_sessions,
    ),
    Dataset(
        name="macie.org-configuration",
        service="macie2",
        reach=Reach.REGIONAL,
        description="The delegated administrator's Macie organization configuration (auto-enable of new "
        "member accounts); refused, so empty, in other accounts.",
        calls={"DescribeOrganizationConfiguration": "macie2:DescribeOrganizationConfiguration"},
        collect=org_configuration_collector(),
    ),
)
