"""S3 account-level settings: the account's Block Public Access configuration (s3control)."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def collect_account_public_access_block(api: Api) -> Iterator[Item]:
    # No configuration is answered with an error code; that is data (all four settings off), not an ERROR.
    # https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_GetPublicAccessBlock.html
    response = api.optional(
        "get_public_access_block", absent=("NoSuchPublicAccessBlockConfiguration",), AccountId=api.account_id
    )
    configuration = None if response is None else response.get("PublicAccessBlockConfiguration")
    yield api.resource(
        f"arn:{api.partition}:s3:::account/{api.account_id}",
        "account Block Public Access",
        {"PublicAccessBlockConfiguration": configuration},
    ).build()


DATASETS = (
    Dataset(
        name="s3.account-public-access-block",
        service="s3control",
        reach=Reach.GLOBAL,
        description="The account-level S3 Block Public Access configuration.",
        calls={"GetPublicAccessBlock": "s3:GetAccountPublicAccessBlock"},
        collect=collect_account_public_access_block,
    ),
)
