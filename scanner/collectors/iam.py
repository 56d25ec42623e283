"""IAM: the account summary (root MFA, root access keys)."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.collectors.base import Api, Dataset, Reach
from scanner.inventory import Item


def collect_account_summary(api: Api) -> Iterator[Item]:
    summary = api.call("get_account_summary")["SummaryMap"]
    yield api.resource(f"arn:{api.partition}:iam::{api.account_id}:root", "root", summary).build()


DATASETS = (
    Dataset(
        name="iam.account-summary",
        service="iam",
        reach=Reach.GLOBAL,
        description="The IAM account summary: root MFA, root access keys, entity counts.",
        calls={"GetAccountSummary": "iam:GetAccountSummary"},
        collect=collect_account_summary,
    ),
)
