"""API Gateway edge protection: every stage of a public REST API has a WAF web ACL."""

from __future__ import annotations

from typing import Any

from checks.apigateway_web_acl import rest_api_web_acl
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

ACL = {"Name": "claims-web", "ARN": f"arn:aws:wafv2:{REGION}:{ACCOUNT}:regional/webacl/claims-web/1"}


def rest_api(*stages: dict[str, Any], endpoint: str = "REGIONAL", **kw: Any) -> Item:
    data: dict[str, Any] = {"id": "a1", "name": "claims", "endpointConfiguration": {"types": [endpoint]}}
    if "errors" not in kw:
        data["Stages"] = list(stages)
    return item(f"arn:aws:apigateway:{REGION}::/restapis/a1", data, name="claims", **kw)


def _apis(*apis: Item) -> list[Result]:
    return run_check(rest_api_web_acl, InventoryBuilder().add("apigateway.rest-apis", apis))


def test_rest_api_web_acl_passes_only_when_every_stage_is_protected() -> None:
    prod = {"stageName": "prod", "webAclArn": ACL["ARN"]}
    [protected] = _apis(rest_api(prod))
    assert protected.status is Status.PASS and protected.evidence
    [partly] = _apis(rest_api(prod, {"stageName": "test"}, endpoint="EDGE"))
    assert partly.status is Status.FAIL and "test" in partly.message and "prod" not in partly.message


def test_rest_api_web_acl_skips_private_and_undeployed_apis_and_errors_when_unreadable() -> None:
    assert statuses(_apis(rest_api({"stageName": "prod"}, endpoint="PRIVATE"))) == ["NOT_APPLICABLE"]
    assert statuses(_apis(rest_api())) == ["NOT_APPLICABLE"]
    assert statuses(_apis(rest_api(errors={"Stages": ACCESS_DENIED}))) == ["ERROR"]
    denied = InventoryBuilder().unavailable("apigateway.rest-apis", ACCESS_DENIED)
    assert statuses(run_check(rest_api_web_acl, denied)) == ["ERROR"]
