"""Run history (SQLite) and run-to-run comparison by finding identity (check, account, resource) and control
status."""

from __future__ import annotations

import json
import os
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanner import rundir
from scanner.errors import RunDirError
from scanner.model import ControlResult, Result, Status

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY, started_at TEXT, evaluated_at TEXT, path TEXT, caller TEXT,
    organization TEXT, accounts INTEGER, summary TEXT
);
CREATE TABLE IF NOT EXISTS findings (
    run_id TEXT, fingerprint TEXT, check_id TEXT, account_id TEXT, region TEXT, resource_id TEXT, status TEXT,
    PRIMARY KEY (run_id, fingerprint)
);
CREATE TABLE IF NOT EXISTS controls (
    run_id TEXT, catalog TEXT, control_id TEXT, account_id TEXT, status TEXT,
    PRIMARY KEY (run_id, catalog, control_id, account_id)
);
"""


def default_history_path() -> Path:
    """CONTROLMAP_HISTORY if set, else ~/.controlmap/history.sqlite."""
    configured = os.environ.get("CONTROLMAP_HISTORY")
    return Path(configured) if configured else Path.home() / ".controlmap" / "history.sqlite"


@dataclass(frozen=True)
class RunData:
    """What a comparison needs from one run, wherever it is stored."""

    run_id: str
    started_at: str
    results: Sequence[Result]
    controls: Sequence[ControlResult]


def load_run_dir(path: Path) -> RunData:
    run = rundir.read_run(path)
    return RunData(run.run_id, run.started_at, rundir.read_results(path), rundir.read_controls(path))


def summary(results: Sequence[Result], controls: Sequence[ControlResult]) -> dict[str, Any]:
    """Counts stored with each run: check results by status, and per catalog the controls met and total."""
    per_catalog: dict[str, Counter[str]] = {}
    for control in controls:
        counter = per_catalog.setdefault(control.catalog, Counter())
        counter["total"] += 1
        counter["met"] += control.status.counts_as_met
        counter["applicable"] += control.status.value != "NOT_APPLICABLE"
    return {
        "results": dict(Counter(r.status.value for r in results)),
        "controls": {catalog: dict(counter) for catalog, counter in sorted(per_catalog.items())},
    }


class History:
    """SQLite history of runs. One row per run, its findings and control statuses."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path)) as db:
            db.executescript(SCHEMA)
            yield db
            db.commit()

    def record(self, path: Path) -> str:
        """Add (or refresh) a finished run directory; returns its run id."""
        run = rundir.read_run(path)
        data = load_run_dir(path)
        organization = run.organization.id if run.organization else ""
        with self._db() as db:
            db.execute("DELETE FROM findings WHERE run_id = ?", (data.run_id,))
            db.execute("DELETE FROM controls WHERE run_id = ?", (data.run_id,))
            db.execute(
                "INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    data.run_id,
                    data.started_at,
                    run.evaluated_at or "",
                    str(path.resolve()),
                    run.caller.arn,
                    organization,
                    len(run.accounts),
                    json.dumps(summary(data.results, data.controls), sort_keys=True),
                ),
            )
            db.executemany(
                "INSERT OR REPLACE INTO findings VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        data.run_id,
                        r.fingerprint,
                        r.check_id,
                        r.account_id,
                        r.region,
                        r.resource_id,
                        r.status.value,
                    )
                    for r in data.results
                ],
            )
            db.executemany(
                "INSERT OR REPLACE INTO controls VALUES (?, ?, ?, ?, ?)",
                [(data.run_id, c.catalog, c.control_id, c.account_id, c.status.value) for c in data.controls],
            )
        return data.run_id

    def runs(self) -> list[dict[str, Any]]:
        """Every recorded run, oldest first."""
        if not self.path.is_file():
            return []
        with self._db() as db:
            rows = db.execute(
                "SELECT run_id, started_at, evaluated_at, path, caller, organization, accounts, summary "
                "FROM runs ORDER BY started_at"
            ).fetchall()
        keys = (
            "run_id",
            "started_at",
            "evaluated_at",
            "path",
            "caller",
            "organization",
            "accounts",
            "summary",
        )
        return [dict(zip(keys, row[:-1], strict=False)) | {"summary": json.loads(row[-1])} for row in rows]

    def trend_points(self) -> list[dict[str, Any]]:
        """Each recorded run's own trend points, read from its run directory (moved runs are skipped)."""
        from scanner.run import trend

        found: list[dict[str, Any]] = []
        for run in self.runs():
            path = Path(run["path"])
            if (path / rundir.TREND).is_file():
                found.extend(p for p in trend.read(path) if p["run_id"] == run["run_id"])
        return found

    def path_of(self, run_id: str) -> Path:
        matches = [r for r in self.runs() if r["run_id"].startswith(run_id)]
        if len(matches) != 1:
            raise RunDirError(f"{run_id}: {'no' if not matches else 'more than one'} recorded run matches")
        return Path(matches[0]["path"])


@dataclass(frozen=True)
class Diff:
    new_failures: list[dict[str, str]]
    resolved_failures: list[dict[str, str]]
    no_longer_evaluated: list[dict[str, str]]
    new_resources: list[dict[str, str]]
    removed_resources: list[dict[str, str]]
    changed_controls: list[dict[str, str]]

    def to_json(self) -> dict[str, list[dict[str, str]]]:
        return {
            "new_failures": self.new_failures,
            "resolved_failures": self.resolved_failures,
            "no_longer_evaluated": self.no_longer_evaluated,
            "new_resources": self.new_resources,
            "removed_resources": self.removed_resources,
            "changed_controls": self.changed_controls,
        }

    @property
    def empty(self) -> bool:
        return not any(self.to_json().values())


def _finding(result: Result, **extra: str) -> dict[str, str]:
    return {
        "fingerprint": result.fingerprint,
        "check_id": result.check_id,
        "account_id": result.account_id,
        "region": result.region,
        "resource_id": result.resource_id,
        "status": result.status.value,
        **extra,
    }


def _stable_key(
    before: Sequence[Result], after: Sequence[Result], base: Callable[[Result], tuple[str, ...]]
) -> Callable[[Result], tuple[str, ...]]:
    """A result's identity across the two runs: `base` (never the region), plus the region only where one
    run has that identity in more than one region (account-level results of a regional check).

    The region is not part of a resource's identity: a run that could not read a bucket's location reports
    it under "global", and it is still the same bucket (Result.fingerprint does include the region)."""
    ambiguous: set[tuple[str, ...]] = set()
    for results in (before, after):
        regions: dict[tuple[str, ...], set[str]] = {}
        for r in results:
            regions.setdefault(base(r), set()).add(r.region)
        ambiguous.update(k for k, found in regions.items() if len(found) > 1)
    return lambda r: (*base(r), r.region) if base(r) in ambiguous else base(r)


def diff_runs(before: RunData, after: RunData) -> Diff:
    """What changed from `before` to `after`: failures, resources and control statuses.

    Only a result `after` evaluated can resolve a failure: a FAIL that became ERROR, or that vanished while
    `after` did not evaluate its check in that account cleanly (an ERROR, or the check not run there), is
    "no longer evaluated", never "resolved"; likewise a resource is "removed" only where it could be seen.
    """
    finding = _stable_key(before.results, after.results, lambda r: (r.check_id, r.account_id, r.resource_id))
    old = {finding(r): r for r in before.results}
    new = {finding(r): r for r in after.results}
    ran = {(r.check_id, r.account_id) for r in after.results}
    clean = ran - {(r.check_id, r.account_id) for r in after.results if r.status is Status.ERROR}
    new_failures = [
        _finding(r, was=old[k].status.value if k in old else "absent")
        for k, r in new.items()
        if r.status is Status.FAIL and (k not in old or old[k].status is not Status.FAIL)
    ]
    resolved: list[dict[str, str]] = []
    unevaluated: list[dict[str, str]] = []
    for k, r in old.items():
        now = new.get(k)
        if r.status is not Status.FAIL or (now is not None and now.status is Status.FAIL):
            continue
        if now is None:
            known = (r.check_id, r.account_id) in clean
            (resolved if known else unevaluated).append(_finding(r, now="absent"))
        else:
            (unevaluated if now.status is Status.ERROR else resolved).append(
                _finding(r, now=now.status.value)
            )

    resource = _stable_key(before.results, after.results, lambda r: (r.account_id, r.resource_id))
    old_res = {resource(r): r for r in before.results}
    new_res = {resource(r): r for r in after.results}
    unseen = {resource(r) for r in before.results if (r.check_id, r.account_id) not in clean}

    def where(r: Result) -> dict[str, str]:
        return {"account_id": r.account_id, "region": r.region, "resource_id": r.resource_id}

    added = [where(new_res[k]) for k in sorted(new_res.keys() - old_res.keys())]
    removed = [where(old_res[k]) for k in sorted(old_res.keys() - new_res.keys() - unseen)]
    old_controls = {(c.catalog, c.control_id, c.account_id): c.status.value for c in before.controls}
    changed = [
        {
            "catalog": c.catalog,
            "control_id": c.control_id,
            "account_id": c.account_id,
            "before": old_controls.get((c.catalog, c.control_id, c.account_id), "absent"),
            "after": c.status.value,
        }
        for c in after.controls
        if old_controls.get((c.catalog, c.control_id, c.account_id)) != c.status.value
    ]
    key = lambda row: tuple(sorted(row.items()))  # noqa: E731 - a local sort key
    return Diff(
        sorted(new_failures, key=key),
        sorted(resolved, key=key),
        sorted(unevaluated, key=key),
        sorted(added, key=key),
        sorted(removed, key=key),
        sorted(changed, key=key),
    )


def _line(row: dict[str, str]) -> str:
    if "control_id" in row:
        return f"{row['catalog']}:{row['control_id']} {row['account_id']} {row['before']} -> {row['after']}"
    where = f"{row['account_id']} {row['region']} {row['resource_id']}"
    if "check_id" not in row:
        return where
    change = f"was {row['was']}" if "was" in row else f"now {row['now']}"
    return f"{row['check_id']} {where} ({change})"


def render_diff(diff: Diff, before: str, after: str) -> str:
    """Plain text for a terminal or a CI log."""
    lines = [f"diff {before} -> {after}"]
    for title, rows in diff.to_json().items():
        lines.append(f"{title.replace('_', ' ')}: {len(rows)}")
        lines.extend(f"  {_line(row)}" for row in rows)
    return "\n".join(lines)
