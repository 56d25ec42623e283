"""API Gateway authorization: every method of each REST API (authorization type, API key, integration type)
and every route of each HTTP or WebSocket API (authorization type), with the API's tags."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.collectors.base import Api, Dataset, Reach
from scanner.inventory import Item

# GetResources returns each resource's methods (authorization, API key, integration) only when asked to
# embed them: https://docs.aws.amazon.com/apigateway/latest/api/API_GetResources.html
EMBED_METHODS = ["methods"]


def rest_api_resources(api: Api, rest_api_id: str) -> list[dict[str, Any]]:
    """Every resource of the REST API with its methods embedded."""
    return api.paginate("get_resources", "items", restApiId=rest_api_id, embed=EMBED_METHODS)


def collect_rest_api_methods(api: Api) -> Iterator[Item]:
    for rest_api in api.paginate("get_rest_apis", "items"):
        rest_api_id = rest_api["id"]
        arn = f"arn:{api.partition}:apigateway:{api.region}::/restapis/{rest_api_id}"
        builder = api.resource(arn, rest_api.get("name") or rest_api_id, rest_api)
        builder.aspect("Resources", rest_api_resources, api, rest_api_id)
        yield builder.build()


def api_routes(api: Api, api_id: str) -> list[dict[str, Any]]:
    """Every route of the HTTP or WebSocket API."""
    return api.paginate("get_routes", "Items", ApiId=api_id)


def collect_api_routes(api: Api) -> Iterator[Item]:
    for summary in api.paginate("get_apis", "Items"):
        api_id = summary["ApiId"]
        arn = f"arn:{api.partition}:apigateway:{api.region}::/apis/{api_id}"
        builder = api.resource(arn, summary.get("Name") or api_id, summary)
        builder.aspect("Routes", api_routes, api, api_id)
        yield builder.build()


DATASETS = (
    Dataset(
        name="apigateway.rest-api-methods",
        service="apigateway",
        reach=Reach.REGIONAL,
        description="API Gateway REST APIs with their tags and every method of every resource: authorization "
        "type, whether an API key is required, and the integration type.",
        calls={"GetRestApis": "apigateway:GET", "GetResources": "apigateway:GET"},
        collect=collect_rest_api_methods,
    ),
    Dataset(
        name="apigatewayv2.api-routes",
        service="apigatewayv2",
        reach=Reach.REGIONAL,
        description="API Gateway HTTP and WebSocket APIs with their tags and each route's authorization.",
        calls={"GetApis": "apigateway:GET", "GetRoutes": "apigateway:GET"},
        collect=collect_api_routes,
    ),
)
