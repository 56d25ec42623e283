"""API Gateway edge protection: every stage of a public REST API has a WAF web ACL."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status


def _is_private(rest_api: Item) -> bool:
    return "PRIVATE" in ((rest_api.data.get("endpointConfiguration") or {}).get("types") or [])


@check(
    id="apigateway.rest-api.web-acl",
    title="Every stage of a public API Gateway REST API is protected by a WAF web ACL",
    for_each="apigateway.rest-apis",
    uses=(),
    severity=Severity.HIGH,
    rationale="A public REST API stage is an internet-facing entry point; without a web ACL, injection, "
    "credential stuffing and request floods reach the integrations unfiltered.",
    remediation="Associate a regional WAF web ACL with every stage of the API (Firewall Manager can do it "
    "for the whole organization), or make the API private.",
)
def rest_api_web_acl(rest_api: Item, scope: Scope) -> Result:
    """PASS for an edge-optimized or regional REST API whose every stage has a webAclArn. Private APIs
    (reachable only through VPC endpoints) and APIs without a deployed stage are not applicable."""
    if _is_private(rest_api):
        return scope.on_item(
            rest_api, Status.NOT_APPLICABLE, "private API, reachable only from VPC endpoints"
        )
    stages: list[Mapping[str, Any]] = rest_api["Stages"]
    if not stages:
        return scope.on_item(rest_api, Status.NOT_APPLICABLE, "no deployed stage")
    unprotected = sorted(str(s.get("stageName")) for s in stages if not s.get("webAclArn"))
    if unprotected:
        return scope.failed(rest_api, f"stage(s) without a web ACL: {', '.join(unprotected)}")
    return scope.passed(rest_api, f"all {len(stages)} stage(s) have a web ACL")
