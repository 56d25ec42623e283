"""Amazon Inspector: this account's scanning status in each region, and the members an administrator sees."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.aws.collectors._lib.org_configuration import org_configuration_collector
from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def collect_account_status(api: Api) -> Iterator[Item]:
    response = api.call("batch_get_account_status", accountIds=[api.account_id])
    for status in response.get("accounts", []):
        if status.get("accountId") != api.account_id:
            continue
        yield api.resource(f"{api.account_id}/{api.region}", status["accountId"], status).build()
    for failure in response.get("failedAccounts", []):
        # A failed lookup of our own status is unknown, not "off": an item without a state makes checks ERROR.
        yield api.resource(
            f"{api.account_id}/{api.region}", failure.get("accountId", api.account_id), {"Failed": failure}
        ).build()


def collect_members(api: Api) -> Iterator[Item]:
    # Meaningful in the delegated administrator; a member account lists none.
    for member in api.paginate("list_members", "members", onlyAssociated=False):
        account = member["accountId"]
        yield api.resource(f"{api.region}/{account}", account, member).build()


DATASETS = (
    Dataset(
        name="inspector.account-status",
        service="inspector2",
        reach=Reach.REGIONAL,
        description="This account's Inspector status in the region: overall state and EC2, ECR and Lambda "
        "scanning.",
        calls={"BatchGetAccountStatus": "inspector2:BatchGetAccountStatus"},
        collect=collect_account_status,
    ),
    Dataset(
        name="inspector.members",
        service="inspector2",
        reach=Reach.REGIONAL,
        description="The member accounts of this account when it is the Inspector delegated administrator, "
        "with each relationship status.",
        calls={"ListMembers": "inspector2:ListMembers"},
        collect=collect_members,
    ),
    Dataset(
        name="inspector.org-configuration",
        service="inspector2",
        reach=Reach.REGIONAL,
        description="The delegated administrator's Inspector organization configuration (which scan types "
        "are auto-enabled for new member accounts); refused, so empty, in other accounts.",
        calls={"DescribeOrganizationConfiguration": "inspector2:DescribeOrganizationConfiguration"},
        collect=org_configuration_collector(),
    ),
)
