"""Cognito user pools: each pool's settings (MFA mode, password policy, threat protection) and its MFA
factors. Never reads users or app-client secrets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item

# ListUserPools requires MaxResults; 60 is the largest page the API accepts.
USER_POOL_PAGE_SIZE = 60


def user_pool_detail(api: Api, user_pool_id: str) -> dict[str, Any]:
    pool: dict[str, Any] = api.call("describe_user_pool", UserPoolId=user_pool_id)["UserPool"]
    return pool


def mfa_config(api: Api, user_pool_id: str) -> dict[str, Any]:
    response = api.call("get_user_pool_mfa_config", UserPoolId=user_pool_id)
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def collect_user_pools(api: Api) -> Iterator[Item]:
    for summary in api.paginate("list_user_pools", "UserPools", MaxResults=USER_POOL_PAGE_SIZE):
        pool_id = summary["Id"]
        arn = f"arn:{api.partition}:cognito-idp:{api.region}:{api.account_id}:userpool/{pool_id}"
        builder = api.resource(arn, summary.get("Name", pool_id), {"Id": pool_id})
        builder.aspect("UserPool", user_pool_detail, api, pool_id)
        builder.aspect("MfaConfig", mfa_config, api, pool_id)
        yield builder.build()


DATASETS = (
    Dataset(
        name="cognito.user-pools",
        service="cognito-idp",
        reach=Reach.REGIONAL,
        description="Cognito user pools: MFA mode and factors, password policy and threat protection.",
        calls={
            "ListUserPools": "cognito-idp:ListUserPools",
            "DescribeUserPool": "cognito-idp:DescribeUserPool",
            "GetUserPoolMfaConfig": "cognito-idp:GetUserPoolMfaConfig",
        },
        collect=collect_user_pools,
    ),
)
