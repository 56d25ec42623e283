"""API Gateway REST API methods and HTTP API routes with their authorization, collected against moto."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.apigateway_rest import DATASETS as REST_DATASETS
from scanner.aws.collectors.apigatewayv2 import DATASETS as HTTP_DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord

[REST_METHODS] = REST_DATASETS
[HTTP_ROUTES] = HTTP_DATASETS
REGION = "eu-west-1"


def _collect(tmp_path: Path, dataset: object) -> DatasetRecord:
    provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
    account = provider.caller().account_id
    return collect_dataset(provider, dataset, account, REGION)  # type: ignore[arg-type]


def test_rest_api_methods_with_authorization_and_tags(tmp_path: Path) -> None:
    with mock_aws():
        assert _collect(tmp_path / "none", REST_METHODS).items == ()
        apigateway = boto3.client("apigateway", region_name=REGION)
        api_id = apigateway.create_rest_api(name="claims", tags={"controlmap:public-routes": "GET:/health"})[
            "id"
        ]
        root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
        health = apigateway.create_resource(restApiId=api_id, parentId=root, pathPart="health")["id"]
        apigateway.put_method(
            restApiId=api_id,
            resourceId=root,
            httpMethod="POST",
            authorizationType="NONE",
            apiKeyRequired=True,
        )
        apigateway.put_method(restApiId=api_id, resourceId=health, httpMethod="GET", authorizationType="NONE")
        apigateway.put_method(
            restApiId=api_id, resourceId=health, httpMethod="OPTIONS", authorizationType="NONE"
        )
        apigateway.put_integration(restApiId=api_id, resourceId=health, httpMethod="OPTIONS", type="MOCK")
        record = _collect(tmp_path / "one", REST_METHODS)
    [rest_api] = record.items
    assert (
        rest_api.resource_id == f"arn:aws:apigateway:{REGION}::/restapis/{api_id}"
        and rest_api.name == "claims"
    )
    assert rest_api.data["tags"] == {"controlmap:public-routes": "GET:/health"} and not rest_api.errors
    methods = {
        (resource["path"], verb): method
        for resource in rest_api["Resources"]
        for verb, method in (resource.get("resourceMethods") or {}).items()
    }
    assert methods[("/", "POST")]["authorizationType"] == "NONE" and methods[("/", "POST")]["apiKeyRequired"]
    assert methods[("/health", "OPTIONS")]["methodIntegration"]["type"] == "MOCK"
    assert REST_METHODS.calls == {
        "GetRestApis": "apigateway:GET",
        "GetStages": "apigateway:GET",
        "GetResources": "apigateway:GET",
    }


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
