"""API Gateway: REST methods and HTTP API routes require an authorizer, except designated public routes."""

from __future__ import annotations

from typing import Any

from checks.apigateway_authorization import (
    PUBLIC_ROUTES_TAG,
    http_api_routes_authorized,
    public_routes,
    rest_api_methods_authorized,
)
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, REGION, InventoryBuilder, item, run_check, statuses

REST_ARN = f"arn:aws:apigateway:{REGION}::/restapis/a1b2c3"


HTTP_ARN = f"arn:aws:apigateway:{REGION}::/apis/d4e5f6"


def method(
    authorization: str | None, *, api_key: bool = False, integration: str = "AWS_PROXY"
) -> dict[str, Any]:
    found: dict[str, Any] = {"apiKeyRequired": api_key, "methodIntegration": {"type": integration}}
    if authorization is not None:
        found["authorizationType"] = authorization
    return found


def rest_results(resources: list[dict[str, Any]], tags: dict[str, str] | None = None) -> list[Result]:
    rest_api = item(REST_ARN, {"id": "a1b2c3", "name": "claims", "tags": tags or {}, "Resources": resources})
    return run_check(rest_api_methods_authorized, InventoryBuilder().add("apigateway.rest-apis", [rest_api]))


def http_results(
    routes: list[dict[str, Any]], tags: dict[str, str] | None = None, protocol: str = "HTTP"
) -> list[Result]:
    http_api = item(
        HTTP_ARN,
        {"ApiId": "d4e5f6", "ProtocolType": protocol, "Tags": tags or {}, "Routes": routes},
        name="orders",
    )
    return run_check(
        http_api_routes_authorized, InventoryBuilder().add("apigatewayv2.api-routes", [http_api])
    )


def test_public_routes_tag_parsing() -> None:
    tags = {PUBLIC_ROUTES_TAG: "GET:/health  any:/public/docs bogus POST:relative"}
    assert public_routes(tags) == {("GET", "/health"), ("ANY", "/public/docs")}
    assert public_routes(None) == frozenset()


def test_rest_methods_with_authorizers_cors_and_designated_public_pass() -> None:
    resources = [
        {"path": "/", "resourceMethods": {"GET": method("AWS_IAM")}},
        {
            "path": "/claims",
            "resourceMethods": {
                "POST": method("COGNITO_USER_POOLS"),
                "GET": method("CUSTOM"),
                "OPTIONS": method("NONE", integration="MOCK"),
            },
        },
        {"path": "/health", "resourceMethods": {"GET": method("NONE")}},
    ]
    [result] = rest_results(resources, {PUBLIC_ROUTES_TAG: "GET:/health"})
    assert result.status is Status.PASS
    assert result.message == "3 methods use an authorizer; designated public: GET /health"
    [empty] = rest_results([{"path": "/"}])
    assert empty.status is Status.PASS and empty.message == "no methods to authorize"


def test_rest_methods_without_authorization_or_api_key_only_fail() -> None:
    resources = [
        {"path": "/claims", "resourceMethods": {"GET": method("NONE"), "POST": method("NONE", api_key=True)}},
        {"path": "/health", "resourceMethods": {"GET": method("NONE"), "OPTIONS": method("NONE")}},
    ]
    [result] = rest_results(resources, {PUBLIC_ROUTES_TAG: "POST:/health"})
    assert result.status is Status.FAIL
    assert result.message == (
        "methods without authorization: GET /claims (NONE); GET /health (NONE); OPTIONS /health (NONE); "
        "POST /claims (API key only)"
    )


def test_rest_methods_unknown_is_error() -> None:
    [result] = rest_results([{"path": "/claims", "resourceMethods": {"GET": method(None)}}])
    assert result.status is Status.ERROR and "GET /claims" in result.message
    unread = item(REST_ARN, {"id": "a1b2c3", "tags": {}}, errors={"Resources": ACCESS_DENIED})
    inventory = InventoryBuilder().add("apigateway.rest-apis", [unread])
    assert statuses(run_check(rest_api_methods_authorized, inventory)) == ["ERROR"]
    denied = InventoryBuilder().unavailable("apigateway.rest-apis", ACCESS_DENIED)
    assert statuses(run_check(rest_api_methods_authorized, denied)) == ["ERROR"]


def test_http_routes_with_authorizers_or_designated_public_pass() -> None:
    routes = [
        {"RouteKey": "GET /orders", "AuthorizationType": "JWT"},
        {"RouteKey": "POST /orders", "AuthorizationType": "AWS_IAM"},
        {"RouteKey": "GET /status", "AuthorizationType": "NONE"},
        {"RouteKey": "$default", "AuthorizationType": "CUSTOM"},
    ]
    [result] = http_results(routes, {PUBLIC_ROUTES_TAG: "ANY:/status"})
    assert result.status is Status.PASS and result.message.endswith("designated public: GET /status")
    websocket = [
        {"RouteKey": "$connect", "AuthorizationType": "AWS_IAM"},
        {"RouteKey": "sendMessage", "AuthorizationType": "NONE"},
    ]
    [ws] = http_results(websocket, protocol="WEBSOCKET")
    assert ws.status is Status.PASS and ws.message == "all 1 routes use an authorizer"


def test_http_routes_without_authorization_fail() -> None:
    routes = [
        {"RouteKey": "GET /orders", "AuthorizationType": "NONE"},
        {"RouteKey": "$default", "AuthorizationType": "NONE"},
    ]
    [result] = http_results(routes)
    assert result.status is Status.FAIL
    assert result.message == "routes without authorization: $default (NONE); GET /orders (NONE)"
    [ws] = http_results([{"RouteKey": "$connect", "AuthorizationType": "NONE"}], protocol="WEBSOCKET")
    assert ws.status is Status.FAIL


def test_http_routes_unknown_is_error() -> None:
    [result] = http_results([{"RouteKey": "GET /orders"}])
    assert result.status is Status.ERROR
    unread = item(HTTP_ARN, {"ApiId": "d4e5f6"}, errors={"Routes": ACCESS_DENIED})
    inventory = InventoryBuilder().add("apigatewayv2.api-routes", [unread])
    assert statuses(run_check(http_api_routes_authorized, inventory)) == ["ERROR"]
    denied = InventoryBuilder().unavailable("apigatewayv2.api-routes", ACCESS_DENIED)
    assert statuses(run_check(http_api_routes_authorized, denied)) == ["ERROR"]
