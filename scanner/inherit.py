"""The organization as a graph (root -> OUs -> accounts, plus provider edges) and landing-zone providers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import networkx as nx

from scanner.model import Account
from scanner.org import OrgTree
from scanner.orgconfig import APPLICATION, Placement

PROVIDES = "provides"
CONTAINS = "contains"


def org_graph(
    tree: OrgTree | None, accounts: Sequence[Account], placements: Mapping[str, Placement]
) -> nx.DiGraph:
    """Root, OUs and accounts with their attached policies (`contains` edges), and a `provides` edge from
    every landing-zone account to every application account (what Phase 2 may inherit)."""
    graph = nx.DiGraph()
    if tree is not None:
        for node in tree.nodes.values():
            graph.add_node(node.node_id, kind=node.kind, name=node.name, policies=node.policy_ids)
        for node in tree.nodes.values():
            if node.parent_id is not None:
                graph.add_edge(node.parent_id, node.node_id, relation=CONTAINS)
    for account in accounts:
        placement = placements[account.account_id]
        graph.add_node(
            account.account_id, kind="account", name=account.name, role=placement.role, scope=placement.scope
        )
    providers = [a for a in accounts if placements[a.account_id].role != APPLICATION]
    consumers = [a for a in accounts if placements[a.account_id].role == APPLICATION]
    for provider in providers:
        for consumer in consumers:
            graph.add_edge(
                provider.account_id,
                consumer.account_id,
                relation=PROVIDES,
                role=placements[provider.account_id].role,
            )
    return graph


def path_from_root(graph: nx.DiGraph, account_id: str) -> list[str]:
    """Node ids from the organization root down to the account (SCPs apply along this path)."""
    contains = nx.subgraph_view(graph, filter_edge=lambda u, v: graph.edges[u, v]["relation"] == CONTAINS)
    roots = [n for n in contains.nodes if graph.nodes[n].get("kind") == "root"]
    for root in roots:
        if nx.has_path(contains, root, account_id):
            return list(nx.shortest_path(contains, root, account_id))
    return [account_id]


def providers_of(graph: nx.DiGraph, role: str) -> list[str]:
    """Accounts holding a landing-zone role, in account-id order (deterministic)."""
    return sorted(
        n for n, data in graph.nodes(data=True) if data.get("kind") == "account" and data.get("role") == role
    )
