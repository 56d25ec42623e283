"""Map check results onto catalog controls: one ControlResult per (catalog, control, account)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from scanner.catalog import Control, LoadedCatalog, Treatment
from scanner.model import Account, ControlResult, ControlStatus, Result, Status


def result_ref(result: Result) -> dict[str, object]:
    """How a control cites a check result: enough to find it in results.jsonl and its evidence."""
    return {
        "check_id": result.check_id,
        "account_id": result.account_id,
        "region": result.region,
        "resource_id": result.resource_id,
        "status": result.status.value,
        "evidence": list(result.evidence),
    }


def resolve_controls(
    catalogs: Sequence[LoadedCatalog], results: Iterable[Result], accounts: Sequence[Account]
) -> list[ControlResult]:
    by_key: dict[tuple[str, str], list[Result]] = defaultdict(list)
    for result in results:
        by_key[(result.check_id, result.account_id)].append(result)
    resolved: list[ControlResult] = []
    for loaded in catalogs:
        for _, control in loaded.catalog.controls():
            for account in accounts:
                own = [r for cid in control.all_checks() for r in by_key.get((cid, account.account_id), [])]
                resolved.append(_resolve_one(loaded.id, control, account.account_id, own))
    return resolved


def _resolve_one(catalog: str, control: Control, account_id: str, results: list[Result]) -> ControlResult:
    status, reason = control_status(control, results)
    return ControlResult(
        catalog=catalog,
        control_id=control.id,
        account_id=account_id,
        status=status,
        reason=reason,
        checks=tuple(control.all_checks()),
        results=tuple(result_ref(r) for r in results),
    )


def control_status(control: Control, results: Sequence[Result]) -> tuple[ControlStatus, str]:
    """The status of a control in one account from the results of its checks. Unknown is never satisfied."""
    if control.treatment is Treatment.AWS_INHERITED:
        return ControlStatus.INHERITED_FROM_AWS, "AWS's side of the shared responsibility model"
    if control.treatment is Treatment.ATTESTATION:
        return ControlStatus.ATTESTATION_MISSING, f"no attestation on file: {control.attestation_statement}"
    counts = {s: sum(1 for r in results if r.status is s) for s in Status}
    if counts[Status.FAIL]:
        return ControlStatus.NOT_SATISFIED, f"{counts[Status.FAIL]} check result(s) failed"
    if counts[Status.ERROR]:
        return ControlStatus.NOT_EVALUATED, f"{counts[Status.ERROR]} check result(s) could not be evaluated"
    if control.pending:
        return ControlStatus.NOT_EVALUATED, "automation pending: " + "; ".join(control.pending)
    missing = [cid for cid in control.all_checks() if not any(r.check_id == cid for r in results)]
    if missing:
        return ControlStatus.NOT_EVALUATED, f"no results for {', '.join(missing)}"
    if counts[Status.PASS] == 0:
        return ControlStatus.NOT_APPLICABLE, "nothing in scope for any of its checks"
    if control.treatment is Treatment.HYBRID:
        return (
            ControlStatus.ATTESTATION_MISSING,
            f"checks passed; attestation still required: {control.attestation_statement}",
        )
    return ControlStatus.SATISFIED, f"{counts[Status.PASS]} check result(s) passed"
