"""Sharded scans merged back together give exactly the results of one unsharded scan."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from scanner import rundir
from scanner.errors import ConfigError
from scanner.report.build import Rendering, report_run
from scanner.run import pipeline
from scanner.run.shard import merge_runs, parse_shard, shard_of
from tests.builders import as_a_later_scan
from tests.pipeline.conftest import SeededRuns


def _results(out: Path) -> set[tuple[object, ...]]:
    rows = [json.loads(line) for line in (out / rundir.RESULTS).read_text().splitlines()]
    # Evidence digests are not compared: the runs were separate scans, and responses carry timestamps.
    return {(r["fingerprint"], r["status"], r["message"]) for r in rows}


def _controls(out: Path) -> set[tuple[object, ...]]:
    rows = [json.loads(line) for line in (out / rundir.CONTROLS).read_text().splitlines()]
    return {(r["catalog"], r["control_id"], r["account_id"], r["status"], r["reason"]) for r in rows}


@pytest.fixture(scope="module")
def runs(seeded_runs: SeededRuns) -> dict[str, Path]:
    """The seeded organization scanned whole and in three shards, with every catalog and with one control
    (tests/pipeline/conftest.py). Read only: the tests merge them into folders of their own."""
    return seeded_runs.runs


def test_shards_partition_the_accounts(runs: dict[str, Path]) -> None:
    whole = {a["account_id"] for a in json.loads((runs["whole"] / rundir.RUN).read_text())["accounts"]}
    parts = [
        {a["account_id"] for a in json.loads((runs[f"shard{k}"] / rundir.RUN).read_text())["accounts"]}
        for k in (1, 2, 3)
    ]
    assert set().union(*parts) == whole
    assert sum(len(p) for p in parts) == len(whole)  # no account twice
    for k, part in enumerate(parts, start=1):
        assert all(shard_of(a, 3) == k for a in part)


def test_merged_shards_equal_the_unsharded_run(runs: dict[str, Path], tmp_path: Path) -> None:
    merged = tmp_path / "merged"
    merge_runs([runs["shard1"], runs["shard2"], runs["shard3"]], merged)
    report_run(merged, Rendering(pdf=False), catalogs=pipeline.evaluate_run(merged).catalogs)
    assert _results(merged) == _results(runs["whole"])
    assert _controls(merged) == _controls(runs["whole"])
    assert rundir.verify_manifest(merged).ok
    for line in (merged / rundir.RESULTS).read_text().splitlines():  # every cited response came along
        for digest in json.loads(line)["evidence"]:
            assert (merged / rundir.EVIDENCE / f"{digest}.json").is_file()


def test_merge_refuses_missing_or_tampered_shards(runs: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"missing \[3\]"):
        merge_runs([runs["shard1"], runs["shard2"]], tmp_path / "a")
    with pytest.raises(ConfigError, match="not a shard run"):
        merge_runs([runs["whole"]], tmp_path / "b")


def test_shard_argument_is_validated() -> None:
    assert parse_shard("2/5") == (2, 5)
    for bad in ("0/3", "4/3", "x", "1/0"):
        with pytest.raises(ConfigError, match="K/N"):
            parse_shard(bad)


def _a_day_later(shard: Path, copy: Path) -> Path:
    """A copy of a shard run as if scanned a day later (its own run id; manifest rewritten to match)."""
    shutil.copytree(shard, copy)
    as_a_later_scan(copy)
    rundir.write_manifest(copy)
    return copy


def _deployed_merge_command(execution: str) -> list[str]:
    """The merge command the deployed state machine runs, read from the template's definition."""
    from scanner.tools.deploy import MERGE_COMMAND

    inner = MERGE_COMMAND.removeprefix("States.Array(").removesuffix(")")
    inner = inner.replace("${ResultsBucket}", "results")
    # Evaluate the two States.Format calls the way Step Functions would for this execution name.
    inner = re.sub(
        r"States\.Format\('([^']*)', \$\$\.Execution\.Name\)",
        lambda m: "'" + m.group(1).replace("{}", execution) + "'",
        inner,
    )
    return [part.strip().strip("'") for part in inner.split(",")]


def test_deployed_merge_reads_shards_from_s3_and_keeps_history_trend_and_tables(
    runs: dict[str, Path], tmp_path: Path
) -> None:
    """What the deployed state machine runs after the shards: merge them from shards/EXEC/ into runs/EXEC/,
    drawing the trend from the runs already under runs/ and adding the run to the cross-run tables. The
    shards are the small ones (each file goes through S3); the merge itself is tested at full size above."""
    from scanner.aws.storage import S3Location, download_run, list_runs, upload_run
    from scanner.cli.main import EXIT_OK, run

    with mock_aws():
        session = boto3.Session(region_name="us-east-1")
        session.client("s3").create_bucket(Bucket="results")
        for k in (1, 2, 3):
            shard = S3Location.parse(f"s3://results/shards/x/shard-{k}/")
            upload_run(runs[f"small-shard{k}"], shard, session)
        first = _deployed_merge_command("x")
        assert first[:4] == ["merge", "s3://results/shards/x/", "--out", "s3://results/runs/x/"]
        assert run([*first, "--no-pdf"]) == EXIT_OK
        merged = download_run(S3Location.parse("s3://results/runs/x/"), tmp_path / "merged", session)
        # The next day's scheduled run (the same shards, rescanned a day later): its trend holds both runs.
        for k in (1, 2, 3):
            later = _a_day_later(runs[f"small-shard{k}"], tmp_path / f"later{k}")
            upload_run(later, S3Location.parse(f"s3://results/shards/y/shard-{k}/"), session)
        assert run([*_deployed_merge_command("y"), "--no-pdf"]) == EXIT_OK
        again = download_run(S3Location.parse("s3://results/runs/y/"), tmp_path / "again", session)
        history = list_runs(S3Location.parse("s3://results/runs/"), session)
        tables = sorted(
            o["Key"]
            for o in session.client("s3").list_objects_v2(Bucket="results", Prefix="tables/")["Contents"]
        )
    assert _results(merged) == _results(runs["small-whole"])
    assert rundir.verify_manifest(merged).ok
    assert [r["path"] for r in history] == ["s3://results/runs/x/", "s3://results/runs/y/"]
    first_id, second_id = (rundir.read_run(p).run_id for p in (merged, again))
    assert first_id != second_id
    trend_runs = {p["run_id"] for p in json.loads((again / rundir.TREND).read_text())}
    assert trend_runs == {first_id, second_id}
    day, next_day = (rundir.read_run(p).started_at[:10] for p in (merged, again))
    assert tables == [
        f"tables/controls/day={day}/{first_id}.parquet",
        f"tables/controls/day={next_day}/{second_id}.parquet",
        f"tables/results/day={day}/{first_id}.parquet",
        f"tables/results/day={next_day}/{second_id}.parquet",
    ]
