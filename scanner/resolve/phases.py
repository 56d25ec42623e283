"""HITRUST phase views: Phase 1 readiness per landing-zone account and domain; Phase 2 per app scope."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from scanner.catalog.model import Control, LoadedCatalog, Treatment
from scanner.catalog.placement import APPLICATION
from scanner.model import ControlResult, ControlStatus

UNSCOPED = "unscoped-applications"
_PENDING = {
    ControlStatus.NOT_EVALUATED,
    ControlStatus.ATTESTATION_MISSING,
    ControlStatus.ATTESTATION_EXPIRED,
    ControlStatus.AWS_EVIDENCE_MISSING,
}
# The statuses that leave a control open: a gap someone must close.
GAP_STATUSES = frozenset({ControlStatus.NOT_SATISFIED, *_PENDING})
UNASSIGNED = "unassigned"  # a gap's owner when neither the control nor the scope names one


# Met by inheritance from a landing zone, counted apart: certified (its Phase 1 evidenced) or live only.
_INHERITED = {ControlStatus.INHERITED: "inherited_certified", ControlStatus.INHERITED_LIVE: "inherited_live"}
INHERITED_COUNTS = tuple(_INHERITED.values())


def readiness_bucket(status: ControlStatus) -> str:
    """Where a control row counts in readiness: satisfied (met), not_satisfied, pending (not evaluated:
    automation, attestation or AWS evidence missing) or not_applicable."""
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
    """Per landing-zone account and domain (catalog group): satisfied / not satisfied / pending counts, and
    how many of the satisfied are inherited from a certified landing zone or only live (a control
    `decided_with` another is counted once, under that one)."""
    group_of = {
        control.id: group.id for group, control in catalog.catalog.controls() if control.counts_in_readiness
    }
    table: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for result in controls:
        role = placements.get(result.account_id, {}).get("role", APPLICATION)
        if result.catalog != catalog.id or role == APPLICATION or result.control_id not in group_of:
            continue
        counts = table[(result.account_id, group_of[result.control_id])]
        counts[readiness_bucket(result.status)] += 1
        if result.status in _INHERITED:
            counts[_INHERITED[result.status]] += 1
    titles = {group.id: group.title for group in catalog.catalog.groups}
    return [
        {
            "account_id": account,
            "role": placements.get(account, {}).get("role"),
            "domain": domain,
            "domain_title": titles[domain],
            **{
                k: counts.get(k, 0)
                for k in ("satisfied", "not_satisfied", "pending", "not_applicable", *INHERITED_COUNTS)
            },
        }
        for (account, domain), counts in sorted(table.items())
    ]


def phase_two(
    catalog: LoadedCatalog,
    controls: Sequence[ControlResult],
    placements: Mapping[str, Mapping[str, Any]],
    scope_owners: Mapping[str, str],
) -> list[dict[str, Any]]:
    """Per application scope: what is inherited, local or shared, how many controls are met by inheritance
    from a certified landing zone or only live, and the gap list with owners."""
    by_id = {control.id: control for _, control in catalog.catalog.controls()}
    return [
        _scope_view(scope, results, by_id, scope_owners.get(scope, ""))
        for scope, results in sorted(_by_scope(catalog, controls, placements).items())
    ]


def _by_scope(
    catalog: LoadedCatalog, controls: Sequence[ControlResult], placements: Mapping[str, Mapping[str, Any]]
) -> dict[str, list[ControlResult]]:
    """The catalog's results in application accounts, by the accounts' scope."""
    scopes: dict[str, list[ControlResult]] = defaultdict(list)
    for result in controls:
        placement = placements.get(result.account_id, {})
        if result.catalog == catalog.id and placement.get("role", APPLICATION) == APPLICATION:
            scopes[placement.get("scope") or UNSCOPED].append(result)
    return scopes


def _scope_view(
    scope: str, results: Sequence[ControlResult], by_id: Mapping[str, Control], owner: str
) -> dict[str, Any]:
    kinds: Counter[str] = Counter()
    gaps = []
    for result in results:
        control = by_id[result.control_id]
        if result.status is ControlStatus.NOT_APPLICABLE or not control.counts_in_readiness:
            continue
        kinds[_kind(control, result.status)] += 1
        if result.status in _INHERITED:
            kinds[_INHERITED[result.status]] += 1
        if result.status in GAP_STATUSES:
            gaps.append(_gap(result, control, owner))
    return {
        "scope": scope,
        "owner": owner,
        "accounts": sorted({r.account_id for r in results}),
        "inherited": kinds["inherited"],
        "local": kinds["local"],
        "shared": kinds["shared"],
        **{k: kinds[k] for k in INHERITED_COUNTS},
        "gaps": gaps,
    }


def _kind(control: Control, status: ControlStatus) -> str:
    """Inherited (from a landing-zone role alone, or from AWS), shared (the account owns a part) or local."""
    if control.inheritance is not None:
        return "shared" if control.inheritance.consumer or control.checks else "inherited"
    from_aws = control.treatment is Treatment.AWS_INHERITED or status is ControlStatus.INHERITED_FROM_AWS
    return "inherited" if from_aws else "local"


def _gap(result: ControlResult, control: Control, scope_owner: str) -> dict[str, str]:
    """One open control in a scope: what kind of gap, why, and who owns closing it."""
    return {
        "control_id": result.control_id,
        "account_id": result.account_id,
        "status": result.status.value,
        "kind": gap_kind(control, result.status),
        "reason": result.reason,
        "owner": gap_owner(control, scope_owner),
    }


def gap_kind(control: Control, status: ControlStatus) -> str:
    """What kind of gap an open control is: a failing inherited control is broken inheritance; otherwise
    its status says (failing checks, missing or expired attestation, missing AWS Artifact report, not
    evaluated)."""
    broken = control.inheritance is not None and status is ControlStatus.NOT_SATISFIED
    return "broken inheritance" if broken else _gap_kind(status)


def gap_owner(control: Control, scope_owner: str) -> str:
    """Who closes a gap: the control's attestation owner, else the scope's owner, else UNASSIGNED."""
    owner = control.attestation.owner if control.attestation else scope_owner
    return owner or UNASSIGNED


def _gap_kind(status: ControlStatus) -> str:
    return {
        ControlStatus.NOT_SATISFIED: "failing checks",
        ControlStatus.ATTESTATION_MISSING: "missing attestation",
        ControlStatus.ATTESTATION_EXPIRED: "expired attestation",
        ControlStatus.AWS_EVIDENCE_MISSING: "missing AWS Artifact report",
        ControlStatus.NOT_EVALUATED: "not evaluated",
    }[status]
