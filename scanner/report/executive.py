"""The executive summary: what is worst and where, how ready each phase is, what expires soon, and whether
things improved since the last run. Short enough for three printed pages (executive.pdf)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scanner.evaluate.registry import Registry
from scanner.model import Account, ControlResult, Result, Severity, Status
from scanner.report.registers import Registers
from scanner.resolve.phases import readiness_bucket
from scanner.run.trend import PHASES, percent_met, phase_of
from scanner.runrecord import RunRecord

SHOWN_FAILURES = 15  # failure rows printed; the rest are counted (every one is in the gap register)
EXPIRY_HORIZON_DAYS = 90
_SEVERE = (Severity.CRITICAL, Severity.HIGH)
PHASE_NAMES = {"landing-zone": "Phase 1 (landing zone)", "application": "Phase 2 (applications)"}


@dataclass(frozen=True)
class Failure:
    severity: str
    check_id: str
    check_title: str
    account_label: str
    region: str
    resource_id: str
    exception: str  # the accepted exception covering it, or ""


@dataclass(frozen=True)
class Readiness:
    """One catalog in one phase: control rows met, not met, not evaluated (pending evidence or automation)
    and not applicable. Readiness is met over applicable; what was not evaluated is shown, never folded
    into 'not met'."""

    catalog_title: str
    phase: str
    met: int
    not_met: int
    not_evaluated: int
    not_applicable: int

    @property
    def applicable(self) -> int:
        return self.met + self.not_met + self.not_evaluated

    @property
    def percent(self) -> float | None:
        return percent_met(self.met, self.applicable)

    def share(self, count: int) -> float:
        """Width of a segment of the stacked bar, as a share of applicable rows (0-100)."""
        return round(100 * count / self.applicable, 2) if self.applicable else 0.0


@dataclass(frozen=True)
class TrendDelta:
    catalog_title: str
    phase: str
    previous: float | None
    current: float | None
    previous_run: str  # started_at of the run compared against

    @property
    def change(self) -> float | None:
        if self.previous is None or self.current is None:
            return None
        return round(self.current - self.previous, 1)


@dataclass(frozen=True)
class Expiring:
    kind: str  # "attestation" | "exception"
    name: str
    subject: str  # the control or check it covers
    expires: dt.date
    days_left: int  # negative: already expired


@dataclass(frozen=True)
class ExecutiveSummary:
    simulated: bool
    regions: str  # the regions scanned, and whether the operator restricted them
    as_of: str
    collected: tuple[str, str]  # collection started, finished
    period_start: str | None  # the first recorded run, when the history holds more than this run
    runs_recorded: int
    severe_counts: Mapping[str, Counter[str]]  # account label -> severity -> FAIL results
    failures: list[Failure]  # critical first, then high; at most SHOWN_FAILURES
    failures_total: int
    readiness: list[Readiness]
    deltas: list[TrendDelta]
    expiring: list[Expiring]

    @property
    def failures_hidden(self) -> int:
        return self.failures_total - len(self.failures)


def build_executive(
    run: RunRecord,
    registry: Registry,
    results: Sequence[Result],
    counted_controls: Sequence[ControlResult],
    catalog_titles: Mapping[str, str],
    trend_points: Sequence[Mapping[str, Any]],
    expiring: Sequence[Expiring] = (),
) -> ExecutiveSummary:
    """`counted_controls`: the control rows readiness counts (trend.counted)."""
    labels = {a.account_id: a.label for a in run.accounts}
    failures = _severe_failures(results, registry, labels)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for failure in failures:
        counts[failure.account_label][failure.severity] += 1
    runs = sorted({str(p["started_at"]) for p in trend_points} | {run.started_at})
    return ExecutiveSummary(
        simulated=run.is_simulated,
        regions=_regions(run),
        as_of=run.evaluated_at or run.finished_collection_at,
        collected=(run.started_at, run.finished_collection_at),
        period_start=runs[0] if len(runs) > 1 else None,
        runs_recorded=len(runs),
        severe_counts=_ordered_counts(counts, run.accounts),
        failures=failures[:SHOWN_FAILURES],
        failures_total=len(failures),
        readiness=readiness(run, counted_controls, catalog_titles),
        deltas=_deltas(run, trend_points, catalog_titles),
        expiring=sorted(expiring, key=lambda e: (e.expires, e.kind, e.name)),
    )


def _regions(run: RunRecord) -> str:
    scanned = sorted({r for regions in run.regions.values() for r in regions})
    words = ", ".join(scanned) or "none"
    if run.requested and run.requested.regions:
        return f"{words} (restricted by the operator to these; other enabled regions were not scanned)"
    return f"{words} (every enabled region)"


def _severe_failures(
    results: Iterable[Result], registry: Registry, labels: Mapping[str, str]
) -> list[Failure]:
    rank = {s: i for i, s in enumerate(Severity)}
    failures = []
    for result in results:
        spec = registry.checks.get(result.check_id)
        if result.status is not Status.FAIL or spec is None or spec.severity not in _SEVERE:
            continue
        exception = result.details.get("exception")
        failures.append(
            Failure(
                severity=spec.severity.value,
                check_id=result.check_id,
                check_title=spec.title,
                account_label=labels.get(result.account_id, result.account_id),
                region=result.region,
                resource_id=result.resource_id,
                exception=str(exception.get("id", "")) if isinstance(exception, dict) else "",
            )
        )
    return sorted(
        failures,
        key=lambda f: (rank[Severity(f.severity)], f.account_label, f.check_id, f.region, f.resource_id),
    )


def _ordered_counts(
    counts: Mapping[str, Counter[str]], accounts: Sequence[Account]
) -> dict[str, Counter[str]]:
    return {a.label: counts[a.label] for a in accounts if a.label in counts}


def readiness(
    run: RunRecord, counted_controls: Iterable[ControlResult], catalog_titles: Mapping[str, str]
) -> list[Readiness]:
    """Per catalog and phase, in catalog order then Phase 1 before Phase 2."""
    buckets: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for control in counted_controls:
        key = (control.catalog, phase_of(run.placements, control.account_id))
        buckets[key][readiness_bucket(control.status)] += 1
    order = list(catalog_titles)
    rows = []
    for (catalog, phase), counts in sorted(
        buckets.items(), key=lambda item: (order.index(item[0][0]) if item[0][0] in order else 99, item[0])
    ):
        rows.append(
            Readiness(
                catalog_titles.get(catalog, catalog),
                PHASE_NAMES[phase],
                met=counts["satisfied"],
                not_met=counts["not_satisfied"],
                not_evaluated=counts["pending"],
                not_applicable=counts["not_applicable"],
            )
        )
    return rows


def _deltas(
    run: RunRecord, points: Sequence[Mapping[str, Any]], catalog_titles: Mapping[str, str]
) -> list[TrendDelta]:
    """This run against the latest earlier run in the history, per catalog and phase."""
    earlier = sorted({str(p["started_at"]) for p in points if p["run_id"] != run.run_id})
    if not earlier:
        return []
    previous_run = earlier[-1]

    def percent(selected: Iterable[Mapping[str, Any]], catalog: str, phase: str) -> float | None:
        for p in selected:
            if p["catalog"] == catalog and p["phase"] == phase and p["applicable"]:
                return percent_met(int(p["met"]), int(p["applicable"]))
        return None

    now = [p for p in points if p["run_id"] == run.run_id]
    before = [p for p in points if str(p["started_at"]) == previous_run]
    deltas = []
    for catalog in catalog_titles:
        for phase in PHASES:
            current, previous = percent(now, catalog, phase), percent(before, catalog, phase)
            if current is not None or previous is not None:
                deltas.append(
                    TrendDelta(catalog_titles[catalog], PHASE_NAMES[phase], previous, current, previous_run)
                )
    return deltas


def expiring_within(
    items: Iterable[Expiring], today: dt.date, horizon: int = EXPIRY_HORIZON_DAYS
) -> list[Expiring]:
    """Items whose expiry falls before `today` + horizon (already expired ones included: they matter more)."""
    return [i for i in items if (i.expires - today).days <= horizon]


def run_date(run: RunRecord) -> dt.date:
    """The day the run was evaluated: expiries are judged against it, as the verdicts were."""
    stamp = run.evaluated_at or run.finished_collection_at or run.started_at
    return dt.date.fromisoformat(stamp[:10])


def expiring_items(registers: Registers, today: dt.date) -> list[Expiring]:
    """Every attestation and accepted exception with an expiry, as days left on `today` (an attestation's
    last valid day: its expiry, or the day it grows older than its control allows, whichever is first)."""
    dated = [("attestation", a.file, a.control, a.valid_until) for a in registers.attestations]
    dated += [("exception", e.id, e.target, e.expires) for e in registers.exceptions]
    items = []
    for kind, name, subject, day in dated:
        if day:
            expires = dt.date.fromisoformat(day)
            items.append(Expiring(kind, name, subject, expires, (expires - today).days))
    return items
