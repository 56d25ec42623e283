"""History and diff: two runs of the demo organization with one bucket changed in between.

The first run is the session's demo run. The second is a copy of it given a later scan's identity, with the
bucket's default encryption set in its stored inventory as a scan of the changed bucket records it, and
evaluated again (`controlmap evaluate --from`): what is tested here is how runs are recorded and compared,
not how the data is collected.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from scanner.cli.main import main
from scanner.inventory import DatasetKey
from scanner.model import GLOBAL_REGION
from scanner.report.build import Rendering, report_run
from scanner.run.history import History, diff_runs, load_run_dir
from tests.builders import account_ids, as_a_later_scan, change_stored_item
from tests.conftest import copy_of_demo

# What GetBucketEncryption answers once PutBucketEncryption set SSE-KMS with the AWS managed key.
KMS_DEFAULT = [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}, "BucketKeyEnabled": False}]


@pytest.fixture(scope="module")
def two_runs(demo_run_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    before = copy_of_demo(demo_run_dir, tmp_path_factory, "history")
    after = before.parent / "after"
    shutil.copytree(before, after)
    tenant = account_ids(after)["tenant-a"]
    bucket = f"arn:aws:s3:::tenant-a-legacy-exports-{tenant}"
    key = DatasetKey(tenant, GLOBAL_REGION, "s3.buckets")
    change_stored_item(after, key, {"Encryption": KMS_DEFAULT}, resource_id=bucket)
    as_a_later_scan(after)
    assert main(["evaluate", "--from", str(after), "--no-pdf"]) == 0
    return before, after, bucket


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
    report_run(before, Rendering(pdf=False))  # writes before's own trend points
    history.record(before)
    trend.write(after, history.trend_points(), [])  # what `scan` does with RunConfig.trend_history
    report_run(after, Rendering(pdf=False))
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


def test_the_trend_keeps_only_runs_of_the_same_scope(
    two_runs: tuple[Path, Path, str], tmp_path: Path
) -> None:
    """A run of another organization (or of an unknown scope: recorded before points named it) is no earlier
    state of this one: the trend, the executive summary's period and its change leave it out."""
    from scanner import rundir
    from scanner.run import trend

    before, after, _ = two_runs
    report_run(before, Rendering(pdf=False))
    earlier = json.loads((before / rundir.TREND).read_text())
    other = [{**p, "run_id": "other-org", "scope": "organization:o-someoneelse"} for p in earlier]
    unknown = [{k: v for k, v in p.items() if k != "scope"} | {"run_id": "unknown"} for p in earlier]
    trend.write(after, [*earlier, *other, *unknown], [])
    report_run(after, Rendering(pdf=False))
    kept = {p["run_id"] for p in json.loads((after / rundir.TREND).read_text())}
    assert kept == {rundir.read_run(before).run_id, rundir.read_run(after).run_id}
    summary = (after / "executive.html").read_text()
    assert "2 recorded runs" in summary and "Since the last run" in summary
