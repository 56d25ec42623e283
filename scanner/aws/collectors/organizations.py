"""Organizations: the tree of root, OUs and accounts, with tags and the SCPs attached at each node."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item

SCP = "SERVICE_CONTROL_POLICY"


def collect_tree(api: Api) -> Iterator[Item]:
    """Yield one item per node (root, OU, account) and per SCP; org.py turns them into an OrgTree.

    Only the organization and its account list are required (without them the collection fails). Everything
    below is read part by part, and a part that cannot be read is recorded on its item (Item.errors) instead:
    the roots ("Roots", on the organization), a node's attached SCPs ("Policies"), an account's tags ("Tags"),
    what a root or OU holds ("ChildAccounts", "ChildOUs"), an SCP's document ("Policy"). An account the walk
    could not reach (under an OU whose children could not be listed) is still yielded, marked "Unplaced".
    """
    organization = api.call("describe_organization")["Organization"]
    statuses = {a["Id"]: a for a in api.paginate("list_accounts", "Accounts")}
    builder = api.resource(organization["Arn"], organization["Id"], {"Kind": "organization", **organization})
    roots: list[dict[str, Any]] = []
    builder.aspect("Roots", _children, api, "list_roots", "Roots", {}, roots)
    yield builder.build()
    policy_ids: set[str] = set()
    placed: set[str] = set()
    for root in roots:
        yield from _walk(api, root, "root", None, (), statuses, policy_ids, placed)
    for account_id in sorted(set(statuses) - placed):
        yield from _walk(api, statuses[account_id], "account", None, (), statuses, policy_ids, placed)
    for policy_id in sorted(policy_ids):
        builder = api.resource(policy_id, policy_id, {"Kind": "policy"})
        builder.aspect("Policy", _describe_policy, api, policy_id)
        yield builder.build()


def _walk(
    api: Api,
    node: dict[str, Any],
    kind: str,
    parent_id: str | None,
    path: tuple[str, ...],
    accounts: dict[str, dict[str, Any]],
    policy_ids: set[str],
    placed: set[str],
) -> Iterator[Item]:
    node_id = node["Id"]
    name = node.get("Name", node_id)
    here = (*path, name) if kind == "ou" else path
    data = {"Kind": kind, "Id": node_id, "ParentId": parent_id, "Path": list(here), **_public(node)}
    if kind == "account" and parent_id is None:
        data["Unplaced"] = True  # listed by ListAccounts, but under no root or OU that could be listed
    builder = api.resource(node.get("Arn", node_id), name, data)
    builder.aspect("Policies", _attached, api, node_id)
    child_accounts: list[dict[str, Any]] = []
    child_ous: list[dict[str, Any]] = []
    if kind == "account":
        placed.add(node_id)
        builder.aspect("Tags", _tags, api, node_id)
    else:
        listed = {"ParentId": node_id}
        builder.aspect(
            "ChildAccounts", _children, api, "list_accounts_for_parent", "Accounts", listed, child_accounts
        )
        builder.aspect(
            "ChildOUs",
            _children,
            api,
            "list_organizational_units_for_parent",
            "OrganizationalUnits",
            listed,
            child_ous,
        )
    for policy in builder.data.get("Policies") or []:
        policy_ids.add(policy["Id"])
    yield builder.build()
    for account in child_accounts:
        yield from _walk(
            api, accounts.get(account["Id"], account), "account", node_id, here, accounts, policy_ids, placed
        )
    for ou in child_ous:
        yield from _walk(api, ou, "ou", node_id, here, accounts, policy_ids, placed)


def _children(
    api: Api, operation: str, key: str, params: dict[str, Any], into: list[dict[str, Any]]
) -> list[str]:
    """List a node's children into `into` (for the walk); the item keeps their ids."""
    found: list[dict[str, Any]] = api.paginate(operation, key, **params)
    into.extend(found)
    return [child["Id"] for child in found]


def _describe_policy(api: Api, policy_id: str) -> dict[str, Any]:
    policy: dict[str, Any] = api.call("describe_policy", PolicyId=policy_id)["Policy"]
    return policy


def _attached(api: Api, target_id: str) -> list[dict[str, Any]]:
    policies: list[dict[str, Any]] = api.paginate(
        "list_policies_for_target", "Policies", TargetId=target_id, Filter=SCP
    )
    return policies


def _tags(api: Api, account_id: str) -> dict[str, str]:
    tags = api.paginate("list_tags_for_resource", "Tags", ResourceId=account_id)
    return {t["Key"]: t["Value"] for t in tags}


def _public(node: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in node.items() if k not in {"Id"}}


TREE = Dataset(
    name="organizations.tree",
    service="organizations",
    reach=Reach.GLOBAL,
    description="The organization: root, OUs, accounts (status, tags) and the SCPs attached at each node.",
    calls={
        "DescribeOrganization": "organizations:DescribeOrganization",
        "ListAccounts": "organizations:ListAccounts",
        "ListRoots": "organizations:ListRoots",
        "ListAccountsForParent": "organizations:ListAccountsForParent",
        "ListOrganizationalUnitsForParent": "organizations:ListOrganizationalUnitsForParent",
        "ListPoliciesForTarget": "organizations:ListPoliciesForTarget",
        "ListTagsForResource": "organizations:ListTagsForResource",
        "DescribePolicy": "organizations:DescribePolicy",
    },
    collect=collect_tree,
)


def collect_delegated_admins(api: Api) -> Iterator[Item]:
    """One item per delegated administrator account, with the service principals delegated to it."""
    for admin in api.paginate("list_delegated_administrators", "DelegatedAdministrators"):
        builder = api.resource(admin["Arn"], admin["Id"], admin)
        builder.aspect("Services", _delegated_services, api, admin["Id"])
        yield builder.build()


def _delegated_services(api: Api, account_id: str) -> list[str]:
    services = api.paginate("list_delegated_services_for_account", "DelegatedServices", AccountId=account_id)
    return sorted(s["ServicePrincipal"] for s in services)


DELEGATED_ADMINS = Dataset(
    name="organizations.delegated-admins",
    service="organizations",
    reach=Reach.GLOBAL,
    description="The organization's delegated administrator accounts and the services delegated to each.",
    calls={
        "ListDelegatedAdministrators": "organizations:ListDelegatedAdministrators",
        "ListDelegatedServicesForAccount": "organizations:ListDelegatedServicesForAccount",
    },
    collect=collect_delegated_admins,
    org_level=True,
)

DATASETS = (TREE, DELEGATED_ADMINS)
