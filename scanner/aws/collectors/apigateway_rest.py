"""API Gateway REST APIs: their endpoint type and tags, their stages (each stage's WAF web ACL), and every
method of every resource (authorization type, API key, integration type)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item

# GetResources returns each resource's methods (authorization, API key, integration) only when asked to
# embed them: https://docs.aws.amazon.com/apigateway/latest/api/API_GetResources.html
EMBED_METHODS = ["methods"]


def stages(api: Api, rest_api_id: str) -> list[dict[str, Any]]:
    """Every stage of the REST API (GetStages is not paginated); each carries `webAclArn` when protected."""
    found: list[dict[str, Any]] = api.call("get_stages", restApiId=rest_api_id).get("item", [])
    return found


def resources(api: Api, rest_api_id: str) -> list[dict[str, Any]]:
    """Every resource of the REST API with its methods embedded."""
    return api.paginate("get_resources", "items", restApiId=rest_api_id, embed=EMBED_METHODS)


def collect_rest_apis(api: Api) -> Iterator[Item]:
    for rest_api in api.paginate("get_rest_apis", "items"):
        rest_api_id = rest_api["id"]
        arn = f"arn:{api.partition}:apigateway:{api.region}::/restapis/{rest_api_id}"
        builder = api.resource(arn, rest_api.get("name") or rest_api_id, rest_api)
        builder.aspect("Stages", stages, api, rest_api_id)
        builder.aspect("Resources", resources, api, rest_api_id)
        yield builder.build()


DATASETS = (
    Dataset(
        name="apigateway.rest-apis",
        service="apigateway",
        reach=Reach.REGIONAL,
        description="API Gateway REST APIs with their endpoint type and tags, their stages (including each "
        "stage's WAF web ACL), and every method of every resource: authorization type, whether an API key "
        "is required, and the integration type.",
        calls={
            "GetRestApis": "apigateway:GET",
            "GetStages": "apigateway:GET",
            "GetResources": "apigateway:GET",
        },
        collect=collect_rest_apis,
    ),
)
