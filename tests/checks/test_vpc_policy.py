"""VPC endpoint policy checks."""

from __future__ import annotations

import json

from checks.vpc_policy import endpoint_policy_restricted
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import (
    ACCOUNT,
    REGION,
    InventoryBuilder,
    item,
    policy_document,
    run_check,
)

DEFAULT_ENDPOINT_POLICY = policy_document(
    {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}
)


def endpoint(document: str | None) -> Item:
    arn = f"arn:aws:ec2:{REGION}:{ACCOUNT}:vpc-endpoint/vpce-1"
    return item(arn, {"ServiceName": f"com.amazonaws.{REGION}.athena", "PolicyDocument": document})


def run_endpoint(document: str | None) -> Result:
    [result] = run_check(
        endpoint_policy_restricted, InventoryBuilder().add("ec2.vpc-endpoints", [endpoint(document)])
    )
    return result


def test_endpoint_policy_verdicts() -> None:
    assert run_endpoint(DEFAULT_ENDPOINT_POLICY).status is Status.FAIL
    scoped = policy_document({"Effect": "Allow", "Principal": "*", "Action": "athena:*", "Resource": "*"})
    assert run_endpoint(scoped).status is Status.PASS
    org_only = json.loads(DEFAULT_ENDPOINT_POLICY)
    org_only["Statement"][0]["Condition"] = {"StringEquals": {"aws:PrincipalOrgID": "o-1"}}
    assert run_endpoint(json.dumps(org_only)).status is Status.PASS
    assert run_endpoint(None).status is Status.NOT_APPLICABLE
    assert run_endpoint("not json").status is Status.ERROR
