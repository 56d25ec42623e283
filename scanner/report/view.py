"""The report's view model: everything the templates show, computed once from the run directory."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from scanner.catalog.model import LoadedCatalog
from scanner.evaluate.registry import Registry
from scanner.model import Account, ControlResult, ControlStatus, Result, Status
from scanner.run.trend import percent_met, phase_of
from scanner.runrecord import AttestationRecord, PlacementRecord, RunRecord

STATUS_ORDER = list(ControlStatus)


@dataclass(frozen=True)
class ControlRow:
    control_id: str
    title: str
    summary: str
    phase: str
    treatment: str
    checks: tuple[str, ...]
    pending: tuple[str, ...]
    per_account: dict[str, ControlResult]
    counts: Counter[str]
    # False for a control decided with another (the same checks): readiness counts that fact once.
    counts_in_readiness: bool = True
    provider_role: str = ""  # the landing-zone role that provides it, for an inheritable control
    consumer_owns: str = ""  # what each consuming account still owns of an inheritable control
    attestation_owner: str = ""  # who must attest, for a control that takes an attestation

    @property
    def met(self) -> int:
        return sum(1 for cr in self.per_account.values() if cr.status.counts_as_met)

    @property
    def not_applicable(self) -> int:
        return sum(1 for cr in self.per_account.values() if cr.status is ControlStatus.NOT_APPLICABLE)


@dataclass(frozen=True)
class GroupView:
    group_id: str
    title: str
    summary: str
    services: tuple[str, ...]
    controls: list[ControlRow]


@dataclass(frozen=True)
class CatalogView:
    catalog_id: str
    title: str
    version: str
    digest: str
    groups: list[GroupView]
    counts: Counter[str]
    by_account: dict[str, Counter[str]]


@dataclass(frozen=True)
class CheckView:
    check_id: str
    title: str
    severity: str
    pass_means: str
    remediation: str
    results: list[Result]
    counts: Counter[str]


@dataclass(frozen=True)
class TrendLine:
    phase: str
    points: str  # SVG polyline points, x across runs, y = 100 - percent met
    percents: list[float | None]  # per run, None when the phase had no applicable control

    @property
    def colour(self) -> str:
        """Presentation attributes, not CSS classes: WeasyPrint's SVG renderer ignores the page stylesheet."""
        return PHASE_COLOURS.get(self.phase, "#555555")


PHASE_COLOURS = {"landing-zone": "#1f5fa8", "application": "#c06a00"}  # td.trend-* in report.css match


@dataclass(frozen=True)
class TrendView:
    """Controls met per phase over recorded runs, for one catalog (server-rendered SVG, so the PDF has it)."""

    catalog_id: str
    title: str
    runs: list[str]  # started_at of each run, oldest first
    lines: list[TrendLine]
    width: int


TREND_STEP = 60  # SVG units between runs


@dataclass(frozen=True)
class Bar:
    label: str
    met: int
    applicable: int

    @property
    def percent(self) -> float:
        return percent_met(self.met, self.applicable) or 0.0


@dataclass(frozen=True)
class BarChart:
    """Controls met over applicable controls, one bar per domain, phase or account (server-rendered SVG)."""

    title: str
    bars: list[Bar]
    bar_height: int = 18  # SVG units per bar
    bar_width: int = 260  # SVG units of a 100% bar

    @property
    def height(self) -> int:
        return self.bar_height * len(self.bars) + 4


def _chart(title: str, statuses_by_label: dict[str, list[ControlStatus]]) -> BarChart:
    """One bar per label with any applicable control (a wholly not-applicable domain has no readiness)."""
    bars = []
    for label, statuses in statuses_by_label.items():
        applicable = [s for s in statuses if s is not ControlStatus.NOT_APPLICABLE]
        if applicable:
            bars.append(Bar(label, sum(1 for s in applicable if s.counts_as_met), len(applicable)))
    return BarChart(title, bars)


def build_charts(
    catalogs: Sequence[CatalogView], accounts: Sequence[Account], placements: Mapping[str, PlacementRecord]
) -> list[BarChart]:
    """Readiness by domain (per catalog), by phase and by account: controls met over applicable controls."""
    charts = []
    by_phase: dict[str, list[ControlStatus]] = defaultdict(list)
    by_account: dict[str, list[ControlStatus]] = defaultdict(list)
    for catalog in catalogs:
        by_group: dict[str, list[ControlStatus]] = defaultdict(list)
        for group in catalog.groups:
            for row in (r for r in group.controls if r.counts_in_readiness):
                for account_id, cr in row.per_account.items():
                    by_group[f"{group.group_id} {group.title}"].append(cr.status)
                    by_phase[f"{catalog.title} · {phase_of(placements, account_id)}"].append(cr.status)
                    by_account[account_id].append(cr.status)
        charts.append(_chart(f"{catalog.title}: readiness by domain", by_group))
    charts.append(_chart("Readiness by phase", dict(sorted(by_phase.items()))))
    per_account = {a.label: by_account[a.account_id] for a in accounts}
    charts.append(_chart("Readiness by account (all catalogs)", per_account))
    return [c for c in charts if c.bars]


def build_trends(points: Sequence[dict[str, Any]], titles: dict[str, str]) -> list[TrendView]:
    runs = sorted({(str(p["started_at"]), str(p["run_id"])) for p in points})
    if len(runs) < 2:
        return []
    index = {run_id: i for i, (_, run_id) in enumerate(runs)}
    views = []
    for catalog in sorted({str(p["catalog"]) for p in points}):
        lines = []
        for phase in ("landing-zone", "application"):
            percents: list[float | None] = [None] * len(runs)
            for p in points:
                if p["catalog"] == catalog and p["phase"] == phase and p["applicable"]:
                    percents[index[str(p["run_id"])]] = percent_met(p["met"], p["applicable"])
            if any(v is not None for v in percents):
                coordinates = " ".join(
                    f"{10 + i * TREND_STEP},{100 - v:.1f}" for i, v in enumerate(percents) if v is not None
                )
                lines.append(TrendLine(phase, coordinates, percents))
        if lines:
            views.append(
                TrendView(
                    catalog,
                    titles.get(catalog, catalog),
                    [s for s, _ in runs],
                    lines,
                    20 + TREND_STEP * len(runs),
                )
            )
    return views


@dataclass(frozen=True)
class Report:
    run: RunRecord
    accounts: list[Account]
    catalogs: list[CatalogView]
    checks: list[CheckView]
    result_counts: Counter[str]
    control_statuses: list[str] = field(default_factory=lambda: [s.value for s in STATUS_ORDER])
    check_statuses: list[str] = field(default_factory=lambda: [s.value for s in Status])
    trends: list[TrendView] = field(default_factory=list)
    charts: list[BarChart] = field(default_factory=list)

    def account_label(self, account_id: str) -> str:
        for account in self.accounts:
            if account.account_id == account_id:
                return account.label
        return account_id

    def phase(self, account_id: str) -> str:
        return phase_of(self.run.placements, account_id)

    def scope(self, account_id: str) -> str:
        placement = self.run.placements.get(account_id)
        return placement.scope or "" if placement else ""

    @property
    def scopes(self) -> list[str]:
        return sorted({self.scope(a.account_id) for a in self.accounts} - {""})

    @property
    def fingerprints(self) -> frozenset[str]:
        """Results shown in this report (a control citing a baseline run's result cannot link to it)."""
        return frozenset(r.fingerprint for check in self.checks for r in check.results)

    @property
    def result_total(self) -> int:
        return sum(self.result_counts.values())

    @property
    def attestations(self) -> tuple[AttestationRecord, ...]:
        return self.run.evaluation.attestations if self.run.evaluation else ()


def build_report(
    run: RunRecord,
    catalogs: Sequence[LoadedCatalog],
    registry: Registry,
    results: Sequence[Result],
    controls: Sequence[ControlResult],
    trend: Sequence[dict[str, Any]] = (),
) -> Report:
    accounts = list(run.accounts)
    by_control: dict[tuple[str, str], dict[str, ControlResult]] = defaultdict(dict)
    for control in controls:
        by_control[(control.catalog, control.control_id)][control.account_id] = control
    catalog_views = [_catalog_view(c, by_control) for c in catalogs]
    by_check: dict[str, list[Result]] = defaultdict(list)
    for result in results:
        by_check[result.check_id].append(result)
    check_views = []
    for check_id in sorted(by_check):
        spec = registry.checks.get(check_id)
        rows = sorted(
            by_check[check_id], key=lambda r: (_status_rank(r.status), r.account_id, r.region, r.resource_id)
        )
        check_views.append(
            CheckView(
                check_id=check_id,
                title=spec.title if spec else check_id,
                severity=spec.severity.value if spec else "",
                pass_means=spec.pass_means if spec else "",
                remediation=spec.remediation if spec else "",
                results=rows,
                counts=Counter(r.status.value for r in rows),
            )
        )
    return Report(
        run=run,
        accounts=accounts,
        catalogs=catalog_views,
        checks=check_views,
        result_counts=Counter(r.status.value for r in results),
        trends=build_trends(trend, {c.catalog_id: c.title for c in catalog_views}),
        charts=build_charts(catalog_views, accounts, run.placements),
    )


def _catalog_view(
    loaded: LoadedCatalog, by_control: dict[tuple[str, str], dict[str, ControlResult]]
) -> CatalogView:
    totals: Counter[str] = Counter()
    by_account: dict[str, Counter[str]] = defaultdict(Counter)
    groups = []
    for group in loaded.catalog.groups:
        rows = []
        for control in group.controls:
            per_account = by_control.get((loaded.id, control.id), {})
            counts = Counter(c.status.value for c in per_account.values())
            totals.update(counts)
            for account_id, cr in per_account.items():
                by_account[account_id][cr.status.value] += 1
            rows.append(
                ControlRow(
                    control_id=control.id,
                    title=control.title,
                    summary=control.summary,
                    phase=control.phase.value,
                    treatment=control.treatment.value,
                    checks=tuple(control.all_checks()),
                    pending=tuple(control.pending),
                    per_account=per_account,
                    counts=counts,
                    counts_in_readiness=control.counts_in_readiness,
                    provider_role=control.inheritance.provider if control.inheritance else "",
                    consumer_owns=control.inheritance.consumer_owns if control.inheritance else "",
                    attestation_owner=control.attestation.owner if control.attestation else "",
                )
            )
        groups.append(GroupView(group.id, group.title, group.summary, tuple(group.services), rows))
    return CatalogView(
        catalog_id=loaded.id,
        title=loaded.catalog.title,
        version=loaded.catalog.version,
        digest=loaded.digest,
        groups=groups,
        counts=totals,
        by_account=dict(by_account),
    )


def _status_rank(status: Status) -> int:
    return [Status.FAIL, Status.ERROR, Status.PASS, Status.NOT_APPLICABLE].index(status)
