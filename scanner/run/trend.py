"""Controls met over recorded runs, per catalog and phase (HITRUST Phase 1: landing zone; Phase 2:
applications), stored in the run as trend.json so every re-render shows the same history."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import boto3

from scanner import rundir
from scanner.aws.storage import S3Location, list_runs, output_client
from scanner.catalog.model import LoadedCatalog
from scanner.errors import ConfigError, RunDirError
from scanner.model import ControlResult
from scanner.runrecord import PlacementRecord, RunRecord

PHASES = ("landing-zone", "application")


def percent_met(met: int, applicable: int) -> float | None:
    """Readiness as every report prints it: met over applicable, in percent to one decimal (None: nothing
    applicable, which is no readiness at all rather than 0%)."""
    return round(100 * met / applicable, 1) if applicable else None


def phase_of(placements: Mapping[str, PlacementRecord], account_id: str) -> str:
    placement = placements.get(account_id)
    return "application" if placement and placement.role == "application" else "landing-zone"


def counted(controls: Iterable[ControlResult], catalogs: Sequence[LoadedCatalog]) -> list[ControlResult]:
    """The controls readiness counts: a control decided with another (the same checks, e.g. two CIS
    recommendations ECS answers with one fact) is left out, so its fact counts once, under that control."""
    decided_elsewhere = {
        (loaded.id, control.id)
        for loaded in catalogs
        for _, control in loaded.catalog.controls()
        if not control.counts_in_readiness
    }
    return [c for c in controls if (c.catalog, c.control_id) not in decided_elsewhere]


def scope_of(run: RunRecord) -> str:
    """What a run assessed, as trend points name it: its organization, or else exactly its accounts. Only
    runs of the same scope make a trend (a single account's scan is no later state of an organization)."""
    if run.organization is not None:
        return f"organization:{run.organization.id}"
    return "accounts:" + ",".join(sorted(a.account_id for a in run.accounts))


def points(run: RunRecord, controls: Iterable[ControlResult]) -> list[dict[str, Any]]:
    """One point per (catalog, phase): controls met and controls applicable in this run, and its scope."""
    placements = run.placements
    met: Counter[tuple[str, str]] = Counter()
    applicable: Counter[tuple[str, str]] = Counter()
    for control in controls:
        if control.status.value == "NOT_APPLICABLE":
            continue
        key = (control.catalog, phase_of(placements, control.account_id))
        applicable[key] += 1
        met[key] += control.status.counts_as_met
    return [
        {
            "run_id": run.run_id,
            "started_at": run.started_at,
            "catalog": catalog,
            "phase": phase,
            "met": met[(catalog, phase)],
            "applicable": applicable[(catalog, phase)],
            "scope": scope_of(run),
        }
        for catalog, phase in sorted(applicable)
    ]


def read(out: Path) -> list[dict[str, Any]]:
    path = out / rundir.TREND
    if not path.is_file():
        return []
    return checked(rundir.read_json(path), str(path))


def checked(data: Any, where: str) -> list[dict[str, Any]]:
    """Trend points as stored, or a RunDirError naming `where`."""
    if not isinstance(data, list) or not all(isinstance(p, dict) and "run_id" in p for p in data):
        raise RunDirError(f"{where}: expected a list of trend points")
    return data


def write(
    out: Path, earlier: Sequence[Mapping[str, Any]], current: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Earlier runs' points (as recorded) followed by this run's, oldest first; returns what was written."""
    run_ids = {p["run_id"] for p in current}
    kept = [dict(p) for p in earlier if p.get("run_id") not in run_ids]
    ordered = sorted([*kept, *(dict(p) for p in current)], key=lambda p: (str(p["started_at"]), p["catalog"]))
    rundir.write_json(out / rundir.TREND, ordered)
    return ordered


def refresh(out: Path, run: RunRecord, controls: Sequence[ControlResult]) -> list[dict[str, Any]]:
    """Recompute this run's points and keep the earlier ones already in the run that assessed the same
    scope (a point recorded before points named their scope is left out: its scope is unknown)."""
    scope = scope_of(run)
    return write(out, [p for p in read(out) if p.get("scope") == scope], points(run, controls))


def latest_trend(location: S3Location, session: boto3.Session) -> list[dict[str, Any]]:
    """The trend points of the newest run stored under the prefix (each run's trend.json already holds every
    earlier run's points), so a deployed scan needs no database to draw its history."""
    runs = list_runs(location, session)
    if not runs:
        return []
    newest = S3Location.parse(runs[-1]["path"])
    client = output_client(session, location)
    key = newest.key(rundir.TREND)
    try:
        body = client.get_object(Bucket=newest.bucket, Key=key)["Body"].read()
    except client.exceptions.NoSuchKey:
        return []
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"s3://{newest.bucket}/{key}: not JSON ({exc})") from exc
    return checked(data, f"s3://{newest.bucket}/{key}")
