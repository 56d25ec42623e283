"""A stored Phase 1 run used as the baseline of a Phase 2 run: its results, inventory and evidence."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterable
from pathlib import Path

from scanner import rundir
from scanner.catalog.placement import OrgConfig, place
from scanner.errors import RunDirError
from scanner.inventory import Inventory
from scanner.model import ControlResult, Result
from scanner.resolve.controls import Baseline, index_results


def load_baseline(path: Path, config: OrgConfig | None, max_age_days: int) -> Baseline:
    """Read a finished run directory; its manifest digest identifies it in every citation."""
    run = rundir.read_run(path)
    if run.evaluation is None:
        raise RunDirError(f"{path}: the baseline run was never evaluated")
    manifest = path / rundir.MANIFEST
    if not manifest.is_file():
        raise RunDirError(f"{path}: the baseline run has no {rundir.MANIFEST}")
    check = rundir.verify_manifest(path)
    if not check.ok:
        changed = ", ".join([*check.changed, *check.added, *check.removed][:5])
        raise RunDirError(f"{path}: the baseline run does not match its manifest ({changed})")
    accounts = list(run.accounts)
    try:
        evaluated_at = dt.datetime.fromisoformat(run.evaluation.evaluated_at)
    except ValueError as exc:
        raise RunDirError(f'{path / rundir.RUN}: "evaluated_at" is not an ISO 8601 time ({exc})') from exc
    return Baseline(
        run_id=rundir.file_digest(manifest),
        path=str(path.resolve()),
        evaluated_at=evaluated_at,
        accounts=accounts,
        placements=place(accounts, config),
        results=index_results(rundir.read_results(path)),
        max_age_days=max_age_days,
    )


def merged_inventory(current: Inventory, baseline_path: Path, scanned: Iterable[str]) -> Inventory:
    """The current inventory plus the baseline's records for accounts this run did not scan, so checks that
    read another account (the management account's organization trail, say) see the landing zone."""
    scanned_ids = set(scanned)
    stored = Inventory.load(baseline_path / rundir.INVENTORY)
    records = {r.key: r for r in current}
    for record in stored:
        if record.key.account_id not in scanned_ids:
            records.setdefault(record.key, record)
    return Inventory(records)


def copy_cited_evidence(
    out: Path, baseline_path: Path, results: Iterable[Result], controls: Iterable[ControlResult]
) -> int:
    """Copy every baseline evidence file a result or control cites into this run, so the pack is complete."""
    cited = {d for r in results for d in r.evidence}
    cited |= {str(d) for c in controls for ref in c.results for d in ref.get("evidence", [])}
    copied = 0
    for digest in sorted(cited):
        target = out / rundir.EVIDENCE / f"{digest}.json"
        source = baseline_path / rundir.EVIDENCE / f"{digest}.json"
        if not target.exists() and source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
            copied += 1
    return copied
