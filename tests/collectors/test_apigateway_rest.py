"""API Gateway REST APIs collected against moto: methods with their authorization and tags, and stages with
their web ACL."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collectors.apigateway_rest import DATASETS as API_DATASETS
from scanner.aws.collectors.apigateway_rest import DATASETS as REST_DATASETS
from scanner.inventory import DatasetRecord
from tests.collectors.harness import collect_in_moto

[REST_METHODS] = REST_DATASETS


REGION = "eu-west-1"


def _collect(tmp_path: Path, dataset: object) -> DatasetRecord:
    return collect_in_moto(tmp_path, dataset, REGION)


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


[REST_APIS] = API_DATASETS


def _web_acl(name: str) -> str:
    visibility = {"SampledRequestsEnabled": False, "CloudWatchMetricsEnabled": False, "MetricName": name}
    created = boto3.client("wafv2", region_name=REGION).create_web_acl(
        Name=name, Scope="REGIONAL", DefaultAction={"Allow": {}}, VisibilityConfig=visibility
    )
    arn: str = created["Summary"]["ARN"]
    return arn


def test_rest_apis_with_stages_and_their_web_acl(tmp_path: Path) -> None:
    with mock_aws():
        apigateway = boto3.client("apigateway", region_name=REGION)
        api_id = apigateway.create_rest_api(name="claims", endpointConfiguration={"types": ["REGIONAL"]})[
            "id"
        ]
        root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
        apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
        apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK")
        apigateway.create_deployment(restApiId=api_id, stageName="prod")
        apigateway.create_deployment(restApiId=api_id, stageName="test")
        stage_arn = f"arn:aws:apigateway:{REGION}::/restapis/{api_id}/stages/prod"
        acl = _web_acl("claims-api")
        boto3.client("wafv2", region_name=REGION).associate_web_acl(WebACLArn=acl, ResourceArn=stage_arn)
        record = _collect(tmp_path, REST_APIS)
    [rest_api] = record.items
    assert (
        rest_api.resource_id == f"arn:aws:apigateway:{REGION}::/restapis/{api_id}"
        and rest_api.name == "claims"
    )
    stages = {s["stageName"]: s for s in rest_api["Stages"]}
    assert stages["prod"]["webAclArn"] == acl and "webAclArn" not in stages["test"]
    assert rest_api.data["endpointConfiguration"]["types"] == ["REGIONAL"] and rest_api.evidence
