"""Amazon Verified Permissions: policy stores with their validation mode and deletion protection, and each
store's policies (static ones with their Cedar statement)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item

STATIC_POLICY = "STATIC"


def policy_store(api: Api, policy_store_id: str) -> dict[str, Any]:
    response = api.call("get_policy_store", policyStoreId=policy_store_id)
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def policies(api: Api, policy_store_id: str) -> list[dict[str, Any]]:
    """Every policy of the store as ListPolicies shows it; a static policy also carries its Cedar statement
    from GetPolicy (the listing has only its description). Template-linked policies are listed as they are:
    their template binds the principal and resource."""
    found: list[dict[str, Any]] = []
    for listed in api.paginate("list_policies", "policies", policyStoreId=policy_store_id):
        policy = dict(listed)
        if policy.get("policyType") == STATIC_POLICY:
            detail = api.call("get_policy", policyStoreId=policy_store_id, policyId=policy["policyId"])
            policy["definition"] = detail.get("definition", policy.get("definition"))
        found.append(policy)
    return found


def collect_policy_stores(api: Api) -> Iterator[Item]:
    for summary in api.paginate("list_policy_stores", "policyStores"):
        store_id = summary["policyStoreId"]
        builder = api.resource(summary["arn"], summary.get("description") or store_id, summary)
        builder.aspect("PolicyStore", policy_store, api, store_id)
        builder.aspect("Policies", policies, api, store_id)
        yield builder.build()


DATASETS = (
    Dataset(
        name="verifiedpermissions.policy-stores",
        service="verifiedpermissions",
        reach=Reach.REGIONAL,
        description="Verified Permissions policy stores: validation mode, deletion protection and every "
        "policy (static policies with their Cedar statement).",
        calls={
            "ListPolicyStores": "verifiedpermissions:ListPolicyStores",
            "GetPolicyStore": "verifiedpermissions:GetPolicyStore",
            "ListPolicies": "verifiedpermissions:ListPolicies",
            "GetPolicy": "verifiedpermissions:GetPolicy",
        },
        collect=collect_policy_stores,
    ),
)
