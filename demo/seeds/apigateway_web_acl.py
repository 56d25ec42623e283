"""Demo: web ACLs on REST API stages. tenant-a's claims API stage is behind a web ACL running the AWS common
rule set; tenant-b's partner API has none."""

from __future__ import annotations

from typing import Any

from demo.seeds._lib.waf import protect, web_acl
from demo.world import HOME, DemoWorld


def seed(world: DemoWorld) -> None:
    tenant_a = world.sessions["tenant-a"]
    claims_api = _rest_api(tenant_a, "claims-api", "prod")
    protect(tenant_a, web_acl(tenant_a, "claims-api", "REGIONAL", HOME), claims_api)
    _rest_api(world.sessions["tenant-b"], "partner-api", "v1")


def _rest_api(session: Any, name: str, stage: str) -> str:
    """A regional REST API with one mock GET method deployed to `stage`; returns the stage's ARN."""
    apigateway = session.client("apigateway", region_name=HOME)
    api_id = apigateway.create_rest_api(name=name, endpointConfiguration={"types": ["REGIONAL"]})["id"]
    root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
    apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="AWS_IAM")
    apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK")
    apigateway.create_deployment(restApiId=api_id, stageName=stage)
    return f"arn:aws:apigateway:{HOME}::/restapis/{api_id}/stages/{stage}"
