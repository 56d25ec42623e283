"""The organization as data: accounts, OUs and SCPs, built from the organizations.tree dataset."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scanner.errors import ControlmapError
from scanner.inventory import DatasetRecord
from scanner.model import Account


class OrgUnavailableError(ControlmapError):
    """Organizations could not be read (not the management account or a delegated administrator?)."""


@dataclass(frozen=True)
class OrgNode:
    node_id: str
    kind: str  # "root" | "ou" | "account"
    name: str
    parent_id: str | None
    policy_ids: tuple[str, ...] | None = ()  # None: the attached policies could not be read
    evidence: tuple[str, ...] = ()
    tags_readable: bool = True  # False: an account whose tags could not be listed (its Account.tags is empty)


@dataclass(frozen=True)
class OrgPolicy:
    policy_id: str
    name: str
    aws_managed: bool
    content: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class OrgTree:
    organization_id: str
    management_account_id: str
    feature_set: str
    nodes: Mapping[str, OrgNode]
    accounts: Mapping[str, Account]
    policies: Mapping[str, OrgPolicy] = field(default_factory=dict)
    evidence: tuple[str, ...] = ()

    def path(self, node_id: str) -> list[OrgNode]:
        """Nodes from the root down to `node_id` (inclusive)."""
        chain: list[OrgNode] = []
        current: str | None = node_id
        while current is not None:
            node = self.nodes[current]
            chain.append(node)
            current = node.parent_id
        return list(reversed(chain))

    def active_account_ids(self) -> list[str]:
        return sorted(self.accounts)

    def member_account_ids(self) -> frozenset[str]:
        """Every account in the organization, suspended ones included (still inside it)."""
        return frozenset(n.node_id for n in self.nodes.values() if n.kind == "account")


def build_tree(record: DatasetRecord) -> OrgTree:
    """Assemble an OrgTree from the collected items; raises OrgUnavailableError saying why it cannot."""
    if record.unavailable is not None:
        raise OrgUnavailableError(f"could not read the organization: {record.unavailable}")
    organization: dict[str, Any] = {}
    nodes: dict[str, OrgNode] = {}
    accounts: dict[str, Account] = {}
    policies: dict[str, OrgPolicy] = {}
    for item in record.items:
        kind = item.data.get("Kind")
        if kind == "organization":
            organization = dict(item.data)
            continue
        if kind == "policy":
            detail = item["Policy"]
            summary = detail["PolicySummary"]
            policies[item.resource_id] = OrgPolicy(
                policy_id=summary["Id"],
                name=summary.get("Name", summary["Id"]),
                aws_managed=bool(summary.get("AwsManaged", False)),
                content=detail.get("Content", ""),
                evidence=item.evidence,
            )
            continue
        node_id = item.data["Id"]
        attached = (
            None if "Policies" in item.errors else tuple(p["Id"] for p in item.data.get("Policies") or [])
        )
        nodes[node_id] = OrgNode(
            node_id,
            str(kind),
            item.name,
            item.data.get("ParentId"),
            attached,
            item.evidence,
            tags_readable="Tags" not in item.errors,
        )
        if kind == "account" and item.data.get("Status", "ACTIVE") == "ACTIVE":
            accounts[node_id] = Account(
                account_id=node_id,
                name=item.name,
                email=item.data.get("Email", ""),
                ou_path=tuple(item.data.get("Path", ())),
                tags=dict(item.data.get("Tags") or {}),
                is_management=node_id == organization.get("MasterAccountId"),
            )
    if not organization:
        raise OrgUnavailableError("the organization description is missing from the collected data")
    return OrgTree(
        organization_id=organization["Id"],
        management_account_id=organization["MasterAccountId"],
        feature_set=organization.get("FeatureSet", ""),
        nodes=nodes,
        accounts=accounts,
        policies=policies,
        evidence=record.evidence,
    )
