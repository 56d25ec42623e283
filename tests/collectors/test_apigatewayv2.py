"""API Gateway HTTP API routes with their authorization and tags, collected against moto."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collectors.apigatewayv2 import DATASETS as HTTP_DATASETS
from scanner.inventory import DatasetRecord
from tests.collectors.harness import collect_in_moto

[HTTP_ROUTES] = HTTP_DATASETS


REGION = "eu-west-1"


def _collect(tmp_path: Path, dataset: object) -> DatasetRecord:
    return collect_in_moto(tmp_path, dataset, REGION)


def test_http_api_routes_with_authorization_and_tags(tmp_path: Path) -> None:
    with mock_aws():
        assert _collect(tmp_path / "none", HTTP_ROUTES).items == ()
        client = boto3.client("apigatewayv2", region_name=REGION)
        api_id = client.create_api(Name="orders", ProtocolType="HTTP", Tags={"team": "orders"})["ApiId"]
        client.create_route(ApiId=api_id, RouteKey="GET /orders", AuthorizationType="AWS_IAM")
        client.create_route(ApiId=api_id, RouteKey="GET /status")
        record = _collect(tmp_path / "one", HTTP_ROUTES)
    [http_api] = record.items
    assert (
        http_api.resource_id == f"arn:aws:apigateway:{REGION}::/apis/{api_id}" and http_api.name == "orders"
    )
    assert http_api.data["Tags"] == {"team": "orders"} and http_api.data["ProtocolType"] == "HTTP"
    routes = {route["RouteKey"]: route.get("AuthorizationType") for route in http_api["Routes"]}
    assert routes == {"GET /orders": "AWS_IAM", "GET /status": "NONE"}
    assert HTTP_ROUTES.calls == {"GetApis": "apigateway:GET", "GetRoutes": "apigateway:GET"}
