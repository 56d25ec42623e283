"""IAM: the account summary (root MFA, root access keys) and roles with their trust policies."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def collect_account_summary(api: Api) -> Iterator[Item]:
    summary = api.call("get_account_summary")["SummaryMap"]
    yield api.resource(f"arn:{api.partition}:iam::{api.account_id}:root", "root", summary).build()


def collect_roles(api: Api) -> Iterator[Item]:
    # ListRoles returns each role's trust policy (AssumeRolePolicyDocument), decoded by botocore.
    for role in api.paginate("list_roles", "Roles"):
        yield api.resource(role["Arn"], role["RoleName"], role).build()


DATASETS = (
    Dataset(
        name="iam.account-summary",
        service="iam",
        reach=Reach.GLOBAL,
        description="The IAM account summary: root MFA, root access keys, entity counts.",
        calls={"GetAccountSummary": "iam:GetAccountSummary"},
        collect=collect_account_summary,
    ),
    Dataset(
        name="iam.roles",
        service="iam",
        reach=Reach.GLOBAL,
        description="IAM roles with their trust policies (who may assume them).",
        calls={"ListRoles": "iam:ListRoles"},
        collect=collect_roles,
    ),
)
