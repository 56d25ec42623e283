"""Organizations tagging checks: account metadata tags, and the tag policy enforcing the bucket classification
tags."""

from __future__ import annotations

import json
from typing import Any

from checks.organizations_tagging import account_metadata_tags, tag_policy_classification_tags
from scanner.model import Account, Result, Status
from scanner.org import OrgNode, OrgTree
from tests.builders import ACCESS_DENIED, ACCOUNT, InventoryBuilder, item, run_check, statuses

MGMT = "222222222222"


TENANT = "333333333333"


FULL_TAGS = {"Owner": "claims", "Environment": "prod", "DataClassification": "PHI", "HitrustPhase": "2"}


def tagged_org(tenant_tags: dict[str, str], *, tenant_tags_readable: bool = True) -> OrgTree:
    nodes = {
        "r-1": OrgNode("r-1", "root", "Root", None),
        MGMT: OrgNode(MGMT, "account", "mgmt", "r-1", evidence=("a" * 64,)),
        TENANT: OrgNode(TENANT, "account", "tenant", "r-1", tags_readable=tenant_tags_readable),
    }
    accounts = {
        MGMT: Account(MGMT, "mgmt", tags=FULL_TAGS, is_management=True),
        TENANT: Account(TENANT, "tenant", tags=tenant_tags),
    }
    return OrgTree("o-1", MGMT, "ALL", nodes, accounts)


def _account_results(org: OrgTree | None, account: str = MGMT) -> list[Result]:
    accounts = [org.accounts[account]] if org else [Account(account, "caller")]
    return run_check(account_metadata_tags, InventoryBuilder(), accounts=accounts, org=org)


def test_account_tags_pass_for_each_fully_tagged_account_in_the_management_account() -> None:
    results = _account_results(tagged_org(FULL_TAGS))
    assert statuses(results) == ["PASS", "PASS"]
    assert {r.resource_id for r in results} == {MGMT, TENANT}
    assert "HitrustPhase=2" in results[0].message and results[0].evidence


def test_account_tags_fail_for_missing_or_empty_tags() -> None:
    tags = {"Owner": "claims", "Environment": " ", "HitrustPhase": "2"}
    results = {r.resource_id: r for r in _account_results(tagged_org(tags))}
    assert results[MGMT].status is Status.PASS
    assert results[TENANT].status is Status.FAIL
    assert "lacks tags Environment, DataClassification" in results[TENANT].message


def test_account_tags_error_when_unreadable_or_without_an_organization() -> None:
    results = {r.resource_id: r for r in _account_results(tagged_org(FULL_TAGS, tenant_tags_readable=False))}
    assert results[TENANT].status is Status.ERROR and results[MGMT].status is Status.PASS
    assert statuses(_account_results(None)) == ["ERROR"]


def test_account_tags_are_judged_only_in_the_management_account() -> None:
    assert statuses(_account_results(tagged_org({}), account=TENANT)) == ["NOT_APPLICABLE"]


def tag_rule(key: str, values: list[str] | None = None, enforced: list[str] | None = None) -> dict[str, Any]:
    rule: dict[str, Any] = {"tag_key": key}
    if values is not None:
        rule["tag_value"] = values
    if enforced is not None:
        rule["enforced_for"] = enforced
    return rule


GOOD_POLICY = {
    "tags": {
        "requiremaciescan": tag_rule("RequireMacieScan", ["True", "False"], ["s3:bucket"]),
        "bucketowner": tag_rule("BucketOwner", enforced=["s3:bucket", "ec2:instance"]),
    }
}


def _policy_result(content: object, errors: dict[str, Any] | None = None) -> Result:
    raw = content if isinstance(content, str | None) else json.dumps(content)
    data = {} if errors else {"PolicyContent": raw}
    policy = item(f"{ACCOUNT}/TAG_POLICY", data, name="effective tag policy", region="global", errors=errors)
    inv = InventoryBuilder().add("organizations.effective-tag-policy", [policy])
    [result] = run_check(tag_policy_classification_tags, inv)
    return result


def test_tag_policy_passes_when_both_keys_are_defined_and_enforced_for_buckets() -> None:
    result = _policy_result(GOOD_POLICY)
    assert result.status is Status.PASS and result.evidence
    assigned = {
        "tags": {
            "RequireMacieScan": {
                "tag_key": {"@@assign": "RequireMacieScan"},
                "tag_value": {"@@assign": ["True"]},
                "enforced_for": {"@@assign": ["s3:*"]},
            },
            "bucketowner": tag_rule("BucketOwner", enforced=["s3:ALL_SUPPORTED"]),
        }
    }
    assert _policy_result(assigned).status is Status.PASS


def test_tag_policy_fails_when_absent_or_a_key_is_missing_unenforced_or_loose() -> None:
    tags = GOOD_POLICY["tags"]
    cases: dict[str, object] = {
        "no tag policy applies": None,
        "BucketOwner is not defined": {"tags": {"requiremaciescan": tags["requiremaciescan"]}},
        "RequireMacieScan is not enforced for s3:bucket": {
            "tags": {**tags, "requiremaciescan": tag_rule("RequireMacieScan", ["True", "False"], ["ec2:*"])}
        },
        "values are unrestricted": {
            "tags": {**tags, "requiremaciescan": tag_rule("RequireMacieScan", enforced=["s3:bucket"])}
        },
        "values are ['True', 'Yes']": {
            "tags": {**tags, "requiremaciescan": tag_rule("RequireMacieScan", ["True", "Yes"], ["s3:bucket"])}
        },
        "tag_key is 'bucketowner'": {
            "tags": {**tags, "bucketowner": tag_rule("bucketowner", None, ["s3:bucket"])}
        },
        "RequireMacieScan is not defined; BucketOwner is not defined": {"tags": {}},
    }
    for expected, content in cases.items():
        result = _policy_result(content)
        assert result.status is Status.FAIL and expected in result.message, (expected, result.message)


def test_tag_policy_errors_when_unreadable_or_not_json() -> None:
    assert _policy_result("{not json").status is Status.ERROR
    assert _policy_result("[]").status is Status.ERROR
    denied = InventoryBuilder().unavailable("organizations.effective-tag-policy", ACCESS_DENIED)
    assert statuses(run_check(tag_policy_classification_tags, denied)) == ["ERROR"]
