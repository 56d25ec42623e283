"""Demo: Amazon Verified Permissions (moto has none: the policy stores are answers the simulated accounts
give, see demo.simulated_apis). tenant-a's claims policy store validates strictly, is protected from
deletion and holds scoped and template-linked policies; tenant-b's store has validation OFF and a leftover
permit-all policy from testing. Other accounts have no policy stores."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from demo.world import HOME, DemoWorld

SCOPED_POLICY = 'permit (principal in Group::"adjusters", action == Action::"ViewClaim", resource);'
PERMIT_ALL_POLICY = '@id("smoke-test")\npermit (principal, action, resource);'


def _policy_store(
    account_id: str, name: str, mode: str, protection: str, statements: dict[str, str | None]
) -> dict[str, Any]:
    """A simulated policy store: its GetPolicyStore answer and its policies (None: template-linked)."""
    created = dt.datetime.now(dt.UTC) - dt.timedelta(days=40)
    store_id = f"PS{name.upper().replace('-', '')[:20]}"
    common = {"policyStoreId": store_id, "createdDate": created, "lastUpdatedDate": created}
    policies = {
        policy_id: {
            **common,
            "policyId": policy_id,
            "policyType": "STATIC" if statement else "TEMPLATE_LINKED",
            "definition": (
                {"static": {"statement": statement}}
                if statement
                else {"templateLinked": {"policyTemplateId": "claim-owner"}}
            ),
        }
        for policy_id, statement in statements.items()
    }
    return {
        "store": {
            **common,
            "arn": f"arn:aws:verifiedpermissions::{account_id}:policy-store/{store_id}",
            "description": name,
            "validationSettings": {"mode": mode},
            "deletionProtection": protection,
        },
        "policies": policies,
    }


def seed(world: DemoWorld) -> None:
    stores = {
        "tenant-a": _policy_store(
            world.org.account_id("tenant-a"),
            "tenant-a-claims-entitlements",
            "STRICT",
            "ENABLED",
            {"adjusters-view": SCOPED_POLICY, "owner-link-1": None},
        ),
        "tenant-b": _policy_store(
            world.org.account_id("tenant-b"),
            "tenant-b-orders-entitlements",
            "OFF",
            "DISABLED",
            {"orders-view": SCOPED_POLICY, "smoke-test": PERMIT_ALL_POLICY},
        ),
    }
    world.apis.answer("verifiedpermissions", "ListPolicyStores", {"policyStores": []})
    for account, simulated in stores.items():
        _answer_policy_store(world, world.org.account_id(account), simulated)


def _answer_policy_store(world: DemoWorld, account_id: str, simulated: dict[str, Any]) -> None:
    store, policies = simulated["store"], simulated["policies"]
    listed = {k: store[k] for k in ("policyStoreId", "arn", "createdDate", "description")}

    def get_policy(params: Mapping[str, Any]) -> dict[str, Any]:
        return dict(policies[params["policyId"]])

    def list_policies(_: Mapping[str, Any]) -> dict[str, Any]:
        summaries = []
        for policy in policies.values():
            definition = policy["definition"]
            summary_definition = (
                {"static": {"description": policy["policyId"]}} if "static" in definition else definition
            )
            summaries.append({**policy, "definition": summary_definition})
        return {"policies": summaries}

    for operation, answer in (
        ("ListPolicyStores", {"policyStores": [listed]}),
        ("GetPolicyStore", store),
        ("ListPolicies", list_policies),
        ("GetPolicy", get_policy),
    ):
        world.apis.answer("verifiedpermissions", operation, answer, account=account_id, region=HOME)
