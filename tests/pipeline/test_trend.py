"""Trend points per catalog and phase, and the chart data built from them."""

from __future__ import annotations

from scanner.model import Account, ControlResult, ControlStatus
from scanner.report.view import build_trends
from scanner.run.trend import points
from tests.pipeline.records import run_record

RUN = run_record(
    [Account("111"), Account("222")], roles={"111": "security", "222": "application"}, run_id="r2"
)


def control(account: str, status: ControlStatus, control_id: str = "c") -> ControlResult:
    return ControlResult("cat", control_id, account, status, "")


def test_points_count_met_over_applicable_per_phase() -> None:
    controls = [
        control("111", ControlStatus.SATISFIED, "a"),
        control("111", ControlStatus.NOT_SATISFIED, "b"),
        control("222", ControlStatus.INHERITED, "a"),
        control("222", ControlStatus.NOT_APPLICABLE, "b"),
        control("222", ControlStatus.NOT_EVALUATED, "c"),
    ]
    by_phase = {p["phase"]: (p["met"], p["applicable"]) for p in points(RUN, controls)}
    assert by_phase == {"landing-zone": (1, 2), "application": (1, 2)}


def test_chart_needs_two_runs_and_gaps_are_not_drawn_as_zero() -> None:
    first = {"run_id": "r1", "started_at": "2026-11-21T10:00:00Z", "catalog": "cat"}
    second = {**first, "run_id": "r2", "started_at": "2026-11-22T10:00:00Z"}
    assert build_trends([{**first, "phase": "application", "met": 1, "applicable": 2}], {}) == []
    views = build_trends(
        [
            {**first, "phase": "landing-zone", "met": 1, "applicable": 4},
            {**second, "phase": "landing-zone", "met": 3, "applicable": 4},
            {**second, "phase": "application", "met": 2, "applicable": 2},
        ],
        {"cat": "Catalog"},
    )
    [view] = views
    assert view.title == "Catalog" and len(view.runs) == 2
    lines = {line.phase: line for line in view.lines}
    assert lines["landing-zone"].percents == [25.0, 75.0]
    assert lines["application"].percents == [None, 100.0]  # no applicable control in the first run
    assert lines["application"].points == "70,0.0"
