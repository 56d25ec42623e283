"""Demo: who may call the APIs. tenant-a's REST claims API authorizes every method (its Cognito member pool or
IAM), with a CORS preflight and a health check tagged public; its partner webhook HTTP API uses IAM with a
tagged public ping. The security account's quarantine-release REST API (the Macie remediation pattern)
relies on an API key alone, and tenant-b's orders HTTP API leaves its status route open without designating
it public."""

from __future__ import annotations

from typing import Any

from checks.apigateway_authorization import PUBLIC_ROUTES_TAG
from demo.seeds.cognito import MEMBERS_POOL
from demo.world import HOME, DemoWorld

AFTER = ("cognito",)  # the claims API's authorizer is tenant-a's member pool


def seed(world: DemoWorld) -> None:
    _rest_apis(world)
    _http_apis(world)


def _rest_method(apigateway: Any, api_id: str, resource_id: str, verb: str, **settings: Any) -> None:
    apigateway.put_method(restApiId=api_id, resourceId=resource_id, httpMethod=verb, **settings)
    integration = "MOCK" if verb == "OPTIONS" else "HTTP_PROXY"
    extra = (
        {} if integration == "MOCK" else {"integrationHttpMethod": verb, "uri": "https://backend.example.com"}
    )
    apigateway.put_integration(
        restApiId=api_id, resourceId=resource_id, httpMethod=verb, type=integration, **extra
    )


def _member_pool_arn(world: DemoWorld) -> str:
    pools = world.sessions["tenant-a"].client("cognito-idp", region_name=HOME).list_user_pools(MaxResults=60)
    [members_pool] = [p["Id"] for p in pools["UserPools"] if p["Name"] == MEMBERS_POOL]
    return f"arn:aws:cognito-idp:{HOME}:{world.org.account_id('tenant-a')}:userpool/{members_pool}"


def _rest_apis(world: DemoWorld) -> None:
    tenant_a = world.sessions["tenant-a"].client("apigateway", region_name=HOME)
    claims_api = tenant_a.create_rest_api(name="tenant-a-claims-api", tags={PUBLIC_ROUTES_TAG: "GET:/health"})
    api_id = claims_api["id"]
    root = tenant_a.get_resources(restApiId=api_id)["items"][0]["id"]
    claims = tenant_a.create_resource(restApiId=api_id, parentId=root, pathPart="claims")["id"]
    health = tenant_a.create_resource(restApiId=api_id, parentId=root, pathPart="health")["id"]
    authorizer = tenant_a.create_authorizer(
        restApiId=api_id,
        name="members",
        type="COGNITO_USER_POOLS",
        providerARNs=[_member_pool_arn(world)],
        identitySource="method.request.header.Authorization",
    )["id"]
    _rest_method(
        tenant_a, api_id, claims, "GET", authorizationType="COGNITO_USER_POOLS", authorizerId=authorizer
    )
    _rest_method(tenant_a, api_id, claims, "POST", authorizationType="AWS_IAM")
    _rest_method(tenant_a, api_id, claims, "OPTIONS", authorizationType="NONE")
    _rest_method(tenant_a, api_id, health, "GET", authorizationType="NONE")
    tenant_a.create_deployment(restApiId=api_id, stageName="prod")

    security = world.sessions["security"].client("apigateway", region_name=HOME)
    api_id = security.create_rest_api(name="security-quarantine-release")["id"]
    root = security.get_resources(restApiId=api_id)["items"][0]["id"]
    release = security.create_resource(restApiId=api_id, parentId=root, pathPart="release")["id"]
    _rest_method(security, api_id, release, "POST", authorizationType="NONE", apiKeyRequired=True)
    security.create_deployment(restApiId=api_id, stageName="prod")


def _http_apis(world: DemoWorld) -> None:
    tenant_a = world.sessions["tenant-a"].client("apigatewayv2", region_name=HOME)
    api_id = tenant_a.create_api(
        Name="tenant-a-partner-webhooks", ProtocolType="HTTP", Tags={PUBLIC_ROUTES_TAG: "GET:/ping"}
    )["ApiId"]
    tenant_a.create_route(ApiId=api_id, RouteKey="POST /webhooks", AuthorizationType="AWS_IAM")
    tenant_a.create_route(ApiId=api_id, RouteKey="GET /ping", AuthorizationType="NONE")

    tenant_b = world.sessions["tenant-b"].client("apigatewayv2", region_name=HOME)
    api_id = tenant_b.create_api(Name="tenant-b-orders", ProtocolType="HTTP")["ApiId"]
    authorizer = tenant_b.create_authorizer(
        ApiId=api_id,
        Name="partners",
        AuthorizerType="JWT",
        IdentitySource=["$request.header.Authorization"],
        JwtConfiguration={"Audience": ["orders"], "Issuer": "https://issuer.example.com"},
    )["AuthorizerId"]
    tenant_b.create_route(
        ApiId=api_id, RouteKey="GET /orders", AuthorizationType="JWT", AuthorizerId=authorizer
    )
    tenant_b.create_route(ApiId=api_id, RouteKey="GET /status", AuthorizationType="NONE")
