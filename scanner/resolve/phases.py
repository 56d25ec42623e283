"""HITRUST phase views: Phase 1 readiness per landing-zone account and domain; Phase 2 per app scope."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from scanner.catalog.model import LoadedCatalog
from scanner.catalog.placement import APPLICATION
from scanner.model import ControlResult, ControlStatus

UNSCOPED = "unscoped-applications"
_PENDING = {ControlStatus.NOT_EVALUATED, ControlStatus.ATTESTATION_MISSING, ControlStatus.ATTESTATION_EXPIRED}
_GAPS = {ControlStatus.NOT_SATISFIED, *_PENDING}


def _bucket(status: ControlStatus) -> str:
    if status.counts_as_met:
        return "satisfied"
    if status is ControlStatus.NOT_SATISFIED:
        return "not_satisfied"
    if status in _PENDING:
        return "pending"
    return "not_applicable"


def phase_one(
    catalog: LoadedCatalog, controls: Sequence[ControlResult], placements: Mapping[str, Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Per landing-zone account and domain (catalog group): satisfied / not satisfied / pending counts."""
    group_of = {control.id: group.id for group, control in catalog.catalog.controls()}
    table: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for result in controls:
        role = placements.get(result.account_id, {}).get("role", APPLICATION)
        if result.catalog != catalog.id or role == APPLICATION:
            continue
        table[(result.account_id, group_of[result.control_id])][_bucket(result.status)] += 1
    titles = {group.id: group.title for group in catalog.catalog.groups}
    return [
        {
            "account_id": account,
            "role": placements.get(account, {}).get("role"),
            "domain": domain,
            "domain_title": titles[domain],
            **{k: counts.get(k, 0) for k in ("satisfied", "not_satisfied", "pending", "not_applicable")},
        }
        for (account, domain), counts in sorted(table.items())
    ]


def phase_two(
    catalog: LoadedCatalog,
    controls: Sequence[ControlResult],
    placements: Mapping[str, Mapping[str, Any]],
    scope_owners: Mapping[str, str],
) -> list[dict[str, Any]]:
    """Per application scope: what is inherited, local or shared, and the gap list with owners."""
    by_id = {control.id: control for _, control in catalog.catalog.controls()}
    scopes: dict[str, list[ControlResult]] = defaultdict(list)
    for result in controls:
        placement = placements.get(result.account_id, {})
        if result.catalog == catalog.id and placement.get("role", APPLICATION) == APPLICATION:
            scopes[placement.get("scope") or UNSCOPED].append(result)
    views = []
    for scope, results in sorted(scopes.items()):
        kinds: Counter[str] = Counter()
        gaps = []
        for result in results:
            control = by_id[result.control_id]
            if result.status is ControlStatus.NOT_APPLICABLE:
                continue
            if control.inheritance is not None:
                kinds["shared" if control.inheritance.consumer or control.checks else "inherited"] += 1
            elif result.status is ControlStatus.INHERITED_FROM_AWS:
                kinds["inherited"] += 1
            else:
                kinds["local"] += 1
            if result.status in _GAPS:
                broken = control.inheritance is not None and result.status is ControlStatus.NOT_SATISFIED
                owner = control.attestation.owner if control.attestation else scope_owners.get(scope, "")
                gaps.append(
                    {
                        "control_id": result.control_id,
                        "account_id": result.account_id,
                        "status": result.status.value,
                        "kind": "broken inheritance" if broken else _gap_kind(result.status),
                        "reason": result.reason,
                        "owner": owner or "unassigned",
                    }
                )
        views.append(
            {
                "scope": scope,
                "owner": scope_owners.get(scope, ""),
                "accounts": sorted({r.account_id for r in results}),
                "inherited": kinds["inherited"],
                "local": kinds["local"],
                "shared": kinds["shared"],
                "gaps": gaps,
            }
        )
    return views


def _gap_kind(status: ControlStatus) -> str:
    return {
        ControlStatus.NOT_SATISFIED: "failing checks",
        ControlStatus.ATTESTATION_MISSING: "missing attestation",
        ControlStatus.ATTESTATION_EXPIRED: "expired attestation",
        ControlStatus.NOT_EVALUATED: "not evaluated",
    }[status]
