"""Cognito app clients: for each user pool, its app clients' sign-in settings (auth flows, OAuth flows).
Client secrets are dropped before the item is stored (the evidence recorder redacts them too)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.aws.collectors.cognito import USER_POOL_PAGE_SIZE
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item

# ListUserPoolClients accepts at most 60 results per page, like ListUserPools.
CLIENT_PAGE_SIZE = 60
NEVER_STORED = frozenset({"ClientSecret"})


def app_clients(api: Api, user_pool_id: str) -> list[dict[str, Any]]:
    """Every app client of the pool as DescribeUserPoolClient shows it, without its secret (the listing
    carries names only; the auth flows are in the description)."""
    described: list[dict[str, Any]] = []
    for summary in api.paginate(
        "list_user_pool_clients", "UserPoolClients", UserPoolId=user_pool_id, MaxResults=CLIENT_PAGE_SIZE
    ):
        client = api.call("describe_user_pool_client", UserPoolId=user_pool_id, ClientId=summary["ClientId"])
        described.append({k: v for k, v in client["UserPoolClient"].items() if k not in NEVER_STORED})
    return described


def collect_app_clients(api: Api) -> Iterator[Item]:
    for summary in api.paginate("list_user_pools", "UserPools", MaxResults=USER_POOL_PAGE_SIZE):
        pool_id = summary["Id"]
        arn = f"arn:{api.partition}:cognito-idp:{api.region}:{api.account_id}:userpool/{pool_id}"
        builder = api.resource(arn, summary.get("Name", pool_id), {"Id": pool_id})
        builder.aspect("Clients", app_clients, api, pool_id)
        yield builder.build()


DATASETS = (
    Dataset(
        name="cognito.app-clients",
        service="cognito-idp",
        reach=Reach.REGIONAL,
        description="Cognito user pools with their app clients' auth flows (client secrets never stored).",
        calls={
            "ListUserPools": "cognito-idp:ListUserPools",
            "ListUserPoolClients": "cognito-idp:ListUserPoolClients",
            "DescribeUserPoolClient": "cognito-idp:DescribeUserPoolClient",
        },
        collect=collect_app_clients,
    ),
)
