"""API Gateway HTTP and WebSocket APIs: every route with its authorization type, and the API's tags. (REST API
methods are part of the apigateway.rest-apis dataset, scanner.aws.collectors.apigateway_rest.)"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


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
        name="apigatewayv2.api-routes",
        service="apigatewayv2",
        reach=Reach.REGIONAL,
        description="API Gateway HTTP and WebSocket APIs with their tags and each route's authorization.",
        calls={"GetApis": "apigateway:GET", "GetRoutes": "apigateway:GET"},
        collect=collect_api_routes,
    ),
)
