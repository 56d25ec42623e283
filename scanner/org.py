"""The organization as data: accounts, OUs and SCPs, built from the organizations.tree dataset."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from scanner.errors import ControlmapError, Reason, ReasonKind
from scanner.inventory import DatasetRecord
from scanner.model import Account


class OrgUnavailableError(ControlmapError):
    """Organizations could not be read (not the management account or a delegated administrator?)."""


# The parent given to accounts that ListAccounts names but no listable root or OU holds: an OU-like node whose
# SCPs are unknown, so nothing along such an account's path can be decided.
UNPLACED = "(unplaced)"
PLACEMENT = "Placement"  # the problem key of an account whose place in the tree is unknown
_CHILDREN = ("Roots", "ChildAccounts", "ChildOUs")  # the parts of the tree that say where accounts are


@dataclass(frozen=True)
class OrgNode:
    node_id: str
    kind: str  # "root" | "ou" | "account"
    name: str
    parent_id: str | None
    policy_ids: tuple[str, ...] | None = ()  # None: the attached policies could not be read
    evidence: tuple[str, ...] = ()
    tags_readable: bool = True  # False: an account whose tags could not be listed (its Account.tags is empty)
    # What could not be read about this node, and why: "Policies" (attached SCPs), "Tags", "ChildAccounts",
    # "ChildOUs" (what it holds), "Placement" (an account found under no node that could be listed).
    problems: Mapping[str, Reason] = field(default_factory=dict, hash=False)


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
    unreadable_policies: Mapping[str, Reason] = field(
        default_factory=dict
    )  # SCP id -> why DescribePolicy failed

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

    def placement_problem(self, account_id: str) -> Reason | None:
        """Why the account's place (its OU path, the SCPs above it) is unknown; None when it is known."""
        node = self.nodes.get(account_id)
        return node.problems.get(PLACEMENT) if node is not None else None


def build_tree(record: DatasetRecord) -> OrgTree:
    """Assemble an OrgTree from the collected items; raises OrgUnavailableError saying why it cannot.

    Only a record without the organization or its account list is unusable. A part below that which could
    not be read stays on the tree with its reason (OrgNode.problems, OrgTree.unreadable_policies); an account
    no listable node holds hangs under the UNPLACED node, its "Placement" problem naming the failed listings.
    """
    if record.unavailable is not None:
        raise OrgUnavailableError(
            f"cannot scan the organization, its accounts are unknown: {record.unavailable}"
            + _what_to_do(record.unavailable)
        )
    organization: dict[str, Any] = {}
    organization_problems: dict[str, Reason] = {}
    nodes: dict[str, OrgNode] = {}
    accounts: dict[str, Account] = {}
    policies: dict[str, OrgPolicy] = {}
    unreadable: dict[str, Reason] = {}
    unplaced: list[str] = []
    for item in record.items:
        kind = item.data.get("Kind")
        if kind == "organization":
            organization = dict(item.data)
            organization_problems.update(item.errors)
            continue
        if kind == "policy":
            if "Policy" in item.errors:
                unreadable[item.resource_id] = item.errors["Policy"]
                continue
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
        if item.data.get("Unplaced"):
            unplaced.append(node_id)
        nodes[node_id] = OrgNode(
            node_id,
            str(kind),
            item.name,
            UNPLACED if item.data.get("Unplaced") else item.data.get("ParentId"),
            attached,
            item.evidence,
            tags_readable="Tags" not in item.errors,
            problems=dict(item.errors),
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
    if unplaced:
        _hang_unplaced(nodes, unplaced, organization_problems)
    return OrgTree(
        organization_id=organization["Id"],
        management_account_id=organization["MasterAccountId"],
        feature_set=organization.get("FeatureSet", ""),
        nodes=nodes,
        accounts=accounts,
        policies=policies,
        evidence=record.evidence,
        unreadable_policies=unreadable,
    )


def _hang_unplaced(
    nodes: dict[str, OrgNode], unplaced: list[str], organization: Mapping[str, Reason]
) -> None:
    """Put the accounts no listable node holds under one UNPLACED node (below the root, when it is known),
    each with a "Placement" problem naming the listings that failed."""
    failed = [
        (f"the organization's {aspect}", r) for aspect, r in organization.items() if aspect in _CHILDREN
    ]
    failed += [
        (f"what {node.kind} {node.name} holds", reason)
        for node in nodes.values()
        for aspect, reason in node.problems.items()
        if aspect in _CHILDREN
    ]
    if failed:
        detail = "; ".join(f"{where}: {reason.detail}" for where, reason in failed)
        reason = Reason(failed[0][1].kind, f"could not list {detail}", failed[0][1].code)
    else:  # the walk missed an account without a failed listing: an inconsistent answer, still not known
        reason = Reason(
            ReasonKind.INVALID_RESPONSE, "ListAccounts names it, but no root or OU listed holds it"
        )
    root = next((n.node_id for n in nodes.values() if n.kind == "root"), None)
    nodes[UNPLACED] = OrgNode(
        UNPLACED,
        "ou",
        "(part of the organization that could not be listed)",
        root,
        None,
        (),
        True,
        {PLACEMENT: reason},
    )
    for account_id in unplaced:
        node = nodes[account_id]
        nodes[account_id] = replace(node, problems={**node.problems, PLACEMENT: reason})


def _what_to_do(reason: Reason) -> str:
    """What to do about a failed organization read: for a denial, the permission it needs and where."""
    if reason.kind is not ReasonKind.ACCESS_DENIED:
        return ""
    operation = reason.detail.split(":", 1)[0].strip()
    if operation not in ("DescribeOrganization", "ListAccounts"):
        operation = "DescribeOrganization and organizations:ListAccounts"
    return (
        f" (scan --org needs organizations:{operation}, from the management account or a delegated "
        "administrator; without --org only the caller's account is scanned)"
    )
