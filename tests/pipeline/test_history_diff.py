"""History and diff: two runs of the demo organization with one bucket changed in between."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from demo.world import assume, build_organization, seed_configuration
from scanner.cli.deliver import scan_and_report
from scanner.cli.main import main
from scanner.report.build import report_run
from scanner.run.config import RunConfig
from scanner.run.history import History, diff_runs, load_run_dir


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    tmp = tmp_path_factory.mktemp("history")
    with mock_aws():
        base = boto3.Session(region_name="us-east-1")
        demo = build_organization(base)
        seed_configuration(base, demo)
        common = {"org": True, "regions": ("us-east-1",), "pdf": False}
        scan_and_report(RunConfig(out=tmp / "before", **common), base)  # type: ignore[arg-type]
        tenant = demo.accounts["tenant-a"]
        s3 = assume(base, tenant).client("s3")
        bucket = f"tenant-a-legacy-exports-{tenant}"
        s3.put_bucket_encryption(
            Bucket=bucket,
            ServerSideEncryptionConfiguration={
                "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]
            },
        )
        scan_and_report(RunConfig(out=tmp / "after", **common), base)  # type: ignore[arg-type]
    return tmp / "before", tmp / "after", f"arn:aws:s3:::{bucket}"


def test_diff_reports_exactly_the_changed_bucket(two_runs: tuple[Path, Path, str]) -> None:
    before, after, bucket = two_runs
    diff = diff_runs(load_run_dir(before), load_run_dir(after))
    assert diff.new_failures == []
    assert diff.new_resources == [] and diff.removed_resources == []
    assert {f["check_id"] for f in diff.resolved_failures} >= {"s3.bucket.default-encryption"}
    assert {f["resource_id"] for f in diff.resolved_failures} == {bucket}
    tenant = bucket.rsplit("-", 1)[-1]
    assert diff.changed_controls and all(c["account_id"] == tenant for c in diff.changed_controls)
    assert all((c["before"], c["after"]) != ("SATISFIED", "NOT_SATISFIED") for c in diff.changed_controls)


def test_diff_of_a_run_with_itself_is_empty(two_runs: tuple[Path, Path, str]) -> None:
    before, _, _ = two_runs
    assert diff_runs(load_run_dir(before), load_run_dir(before)).empty


def test_history_records_runs_and_diff_accepts_run_ids(
    two_runs: tuple[Path, Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before, after, bucket = two_runs
    db = tmp_path / "history.sqlite"
    history = History(db)
    first, second = history.record(before), history.record(after)
    assert [r["run_id"] for r in history.runs()] == [first, second]
    assert history.runs()[0]["summary"]["results"]["FAIL"] > history.runs()[1]["summary"]["results"]["FAIL"]
    assert main(["history", "--db", str(db)]) == 0
    assert first in capsys.readouterr().out
    assert main(["diff", first[:8], second, "--db", str(db), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert {f["resource_id"] for f in printed["resolved_failures"]} == {bucket}
    assert main(["diff", str(before), str(after)]) == 0
    text = capsys.readouterr().out
    assert "resolved failures:" in text and bucket in text and "new failures: 0" in text


def test_report_shows_the_trend_over_recorded_runs(two_runs: tuple[Path, Path, str], tmp_path: Path) -> None:
    from scanner import rundir
    from scanner.evaluate.registry import build_registry
    from scanner.run import trend
    from scanner.run.pipeline import run_catalogs

    before, after, _ = two_runs
    history = History(tmp_path / "history.sqlite")
    report_run(before, pdf=False)  # writes before's own trend points
    history.record(before)
    trend.write(after, history.trend_points(), [])  # what `scan` does with RunConfig.trend_history
    report_run(after, pdf=False)
    points = json.loads((after / rundir.TREND).read_text())
    assert {p["run_id"] for p in points} == {rundir.read_run(before).run_id, rundir.read_run(after).run_id}
    # Each point is exactly this run's count of met controls over applicable ones, per catalog and phase.
    run = rundir.read_run(after)
    mine = [p for p in points if p["run_id"] == run.run_id]
    catalogs = run_catalogs(build_registry(), run)
    assert mine == trend.points(run, trend.counted(rundir.read_controls(after), catalogs))
    assert {p["phase"] for p in mine} == {"landing-zone", "application"}
    html = (after / rundir.REPORT_HTML).read_text()
    assert "<h2>Trend</h2>" in html and html.count('class="trend-chart"') == len(
        {p["catalog"] for p in points}
    )
    assert rundir.verify_manifest(after).ok  # trend.json is part of the evidence pack
