"""IAM role trust policy checks: web identity and third-party trust."""

from __future__ import annotations

from typing import Any

from checks.iam_trust import third_party_external_id, web_identity_scoped
from scanner.inventory import Item
from scanner.model import Result
from tests.builders import (
    ACCOUNT,
    InventoryBuilder,
    item,
    run_check,
    statuses,
)


def role(name: str, trust: dict[str, Any] | str) -> Item:
    document = trust if isinstance(trust, str) else {"Version": "2012-10-17", "Statement": [trust]}
    return item(
        f"arn:aws:iam::{ACCOUNT}:role/{name}", {"RoleName": name, "AssumeRolePolicyDocument": document}
    )


def run_roles(check: Any, *roles: Item) -> list[Result]:
    return run_check(check, InventoryBuilder().add("iam.roles", list(roles)))


GITHUB = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"


def test_web_identity_trust_verdicts() -> None:
    base = {"Effect": "Allow", "Principal": {"Federated": GITHUB}, "Action": "sts:AssumeRoleWithWebIdentity"}
    pinned = {
        **base,
        "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:org/app:*"}},
    }
    wildcard = {**base, "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "*"}}}
    results = run_roles(web_identity_scoped, role("ci", pinned), role("open", base), role("star", wildcard))
    assert statuses(results) == ["PASS", "FAIL", "FAIL"]
    assert results[1].details["deciding_statements"]
    service = {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
    assert statuses(run_roles(web_identity_scoped, role("svc", service))) == ["NOT_APPLICABLE"]
    assert statuses(run_roles(web_identity_scoped, role("bad", "{"))) == ["ERROR"]


def test_third_party_trust_verdicts() -> None:
    vendor = {
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::999999999999:root"},
        "Action": "sts:AssumeRole",
    }
    with_id = {**vendor, "Condition": {"StringEquals": {"sts:ExternalId": "abc-123"}}}
    anyone = {**vendor, "Principal": {"AWS": "*"}}
    org_only = {**anyone, "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-1"}}}
    own = {**vendor, "Principal": {"AWS": ACCOUNT}}
    results = run_roles(
        third_party_external_id,
        role("vendor", with_id),
        role("naked", vendor),
        role("anyone", anyone),
        role("org", org_only),
        role("own", own),
    )
    assert statuses(results) == ["PASS", "FAIL", "FAIL", "PASS"]  # the own-account trust is out of scope
    assert "999999999999" in results[1].message
    assert statuses(run_roles(third_party_external_id, role("own", own))) == ["NOT_APPLICABLE"]
    denied = InventoryBuilder().unavailable("iam.roles")
    assert statuses(run_check(third_party_external_id, denied)) == ["ERROR"]
