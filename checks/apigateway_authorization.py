"""API Gateway authorization: every REST API method and every HTTP API route is authorized by IAM, a Cognito
user pool, a JWT or a custom (Lambda) authorizer, unless the API designates it as a public route.

Public routes are designated on the API itself with the tag `controlmap:public-routes`, whose value lists
routes separated by spaces, each as METHOD:PATH (for example `GET:/health POST:/signup`); ANY as the
method allows every method on that path. Tag values cannot contain braces or `$`, so a route with a path
parameter or the `$default` route cannot be designated public: it needs an authorizer or an accepted
exception.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

PUBLIC_ROUTES_TAG = "controlmap:public-routes"
ANY_METHOD = "ANY"
REST_AUTHORIZERS = frozenset({"AWS_IAM", "COGNITO_USER_POOLS", "CUSTOM"})
HTTP_AUTHORIZERS = frozenset({"AWS_IAM", "JWT", "CUSTOM"})
# CORS preflight: an OPTIONS method answered by a MOCK integration returns canned headers and never reaches
# a backend, and browsers send preflight requests without credentials, so it cannot carry an authorizer.
CORS_PREFLIGHT_METHOD = "OPTIONS"
MOCK_INTEGRATION = "MOCK"
# WebSocket APIs authorize the connection: only the $connect route accepts an authorizer.
WEBSOCKET_CONNECT_ROUTE = "$connect"


def public_routes(tags: Mapping[str, str] | None) -> frozenset[tuple[str, str]]:
    """The (METHOD, path) pairs the API's `controlmap:public-routes` tag designates public."""
    value = (tags or {}).get(PUBLIC_ROUTES_TAG) or ""
    routes: set[tuple[str, str]] = set()
    for entry in value.split():
        method, _, path = entry.partition(":")
        if method and path.startswith("/"):
            routes.add((method.upper(), path))
    return frozenset(routes)


def is_public(method: str, path: str, designated: frozenset[tuple[str, str]]) -> bool:
    return (method.upper(), path) in designated or (ANY_METHOD, path) in designated


def verdict(
    scope: Scope,
    item: Item,
    unauthorized: Iterable[str],
    unknown: Iterable[str],
    public: Iterable[str],
    judged: int,
    kind: str,
) -> Result:
    """One result for an API: FAIL naming its unauthorized routes, else ERROR naming the routes whose
    authorization was not returned, else PASS (mentioning the designated public routes)."""
    unauthorized, unknown, public = sorted(unauthorized), sorted(unknown), sorted(public)
    if unauthorized:
        return scope.failed(item, f"{kind} without authorization: " + "; ".join(unauthorized))
    if unknown:
        return scope.on_item(
            item, Status.ERROR, f"not evaluated: no authorization type returned for {', '.join(unknown)}"
        )
    if judged == 0:
        return scope.passed(item, f"no {kind} to authorize")
    message = f"all {judged} {kind} use an authorizer"
    if public:
        message = f"{judged - len(public)} {kind} use an authorizer; designated public: {', '.join(public)}"
    return scope.passed(item, message)


@check(
    id="apigateway.rest-api.methods-authorized",
    title="API Gateway REST API methods require authorization",
    for_each="apigateway.rest-apis",
    uses=(),
    severity=Severity.HIGH,
    rationale="A method with authorization NONE answers anyone who can reach the endpoint; an API key is "
    "meant for usage plans and throttling, is sent in clear in a header and is often embedded in clients, "
    "so it identifies a caller without authorizing one.",
    remediation="Set each method's authorization to AWS_IAM, COGNITO_USER_POOLS or a CUSTOM (Lambda) "
    "authorizer (aws apigateway update-method ... --patch-operations op=replace,path=/authorizationType,"
    "value=AWS_IAM) and redeploy the stage; tag intentionally public routes on the API with "
    f"{PUBLIC_ROUTES_TAG}=METHOD:/path.",
)
def rest_api_methods_authorized(rest_api: Item, scope: Scope) -> Result:
    """PASS when every method of every resource of the REST API uses AWS_IAM, COGNITO_USER_POOLS or CUSTOM
    authorization, except routes the API's controlmap:public-routes tag designates public and CORS preflight
    OPTIONS methods with a MOCK integration. A method with authorization NONE is FAIL, with API key required
    or not (an API key is not authorization). A method whose authorization type was not returned is ERROR."""
    designated = public_routes(rest_api.data.get("tags"))
    unauthorized: list[str] = []
    unknown: list[str] = []
    public: list[str] = []
    judged = 0
    for resource in rest_api["Resources"]:
        path = resource.get("path", "?")
        methods: dict[str, dict[str, Any]] = resource.get("resourceMethods") or {}
        for http_method, method in methods.items():
            integration = (method or {}).get("methodIntegration") or {}
            if http_method == CORS_PREFLIGHT_METHOD and integration.get("type") == MOCK_INTEGRATION:
                continue
            judged += 1
            route = f"{http_method} {path}"
            authorization = (method or {}).get("authorizationType")
            if authorization in REST_AUTHORIZERS:
                continue
            if is_public(http_method, path, designated):
                public.append(route)
            elif authorization is None:
                unknown.append(route)
            elif method.get("apiKeyRequired"):
                unauthorized.append(f"{route} (API key only)")
            else:
                unauthorized.append(f"{route} ({authorization})")
    return verdict(scope, rest_api, unauthorized, unknown, public, judged, "methods")


@check(
    id="apigateway.http-api.routes-authorized",
    title="API Gateway HTTP API routes require authorization",
    for_each="apigatewayv2.api-routes",
    uses=(),
    severity=Severity.HIGH,
    rationale="A route with authorization NONE answers anyone who can reach the endpoint, and the backend "
    "then has to authorize every request on its own.",
    remediation="Attach a JWT, IAM or Lambda authorizer to each route (aws apigatewayv2 update-route "
    "--api-id <id> --route-id <id> --authorization-type JWT --authorizer-id <id>); tag intentionally public "
    f"routes on the API with {PUBLIC_ROUTES_TAG}=METHOD:/path.",
)
def http_api_routes_authorized(http_api: Item, scope: Scope) -> Result:
    """PASS when every route of the HTTP API uses JWT, AWS_IAM or CUSTOM authorization, except routes the
    API's controlmap:public-routes tag designates public. For a WebSocket API only the $connect route is
    judged (the only route that takes an authorizer). A route with authorization NONE is FAIL; a route whose
    authorization type was not returned is ERROR."""
    designated = public_routes(http_api.data.get("Tags"))
    websocket = http_api.data.get("ProtocolType") == "WEBSOCKET"
    unauthorized: list[str] = []
    unknown: list[str] = []
    public: list[str] = []
    judged = 0
    for route in http_api["Routes"]:
        route_key = str(route.get("RouteKey", "?"))
        if websocket and route_key != WEBSOCKET_CONNECT_ROUTE:
            continue
        judged += 1
        method, _, path = route_key.partition(" ")
        authorization = route.get("AuthorizationType")
        if authorization in HTTP_AUTHORIZERS:
            continue
        if path and is_public(method, path, designated):
            public.append(route_key)
        elif authorization is None:
            unknown.append(route_key)
        else:
            unauthorized.append(f"{route_key} ({authorization})")
    return verdict(scope, http_api, unauthorized, unknown, public, judged, "routes")
