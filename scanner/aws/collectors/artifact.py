"""AWS Artifact: the customer agreements in force for the account (its own, and those its organization's
management account accepted on behalf of every account)."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def collect_customer_agreements(api: Api) -> Iterator[Item]:
    # Collected once per account through the scan's home region. Where Artifact has no endpoint in that
    # region, the dataset is unavailable and the checks that read it report ERROR, never a guess. A member
    # account sees its organization's agreements only with organizations:DescribeOrganization, which the
    # audit role already has (the organizations collector declares it).
    for agreement in api.paginate("list_customer_agreements", "customerAgreements"):
        arn = agreement.get("arn") or f"{api.account_id}/customer-agreement/{agreement.get('id', '?')}"
        yield api.resource(arn, agreement.get("name") or agreement.get("id") or arn, agreement).build()


DATASETS = (
    Dataset(
        name="artifact.customer-agreements",
        service="artifact",
        reach=Reach.GLOBAL,
        description="AWS Artifact customer agreements in force for the account (account and organization "
        "agreements, such as the Business Associate Addendum) with their state and effective dates.",
        calls={"ListCustomerAgreements": "artifact:ListCustomerAgreements"},
        collect=collect_customer_agreements,
    ),
)
