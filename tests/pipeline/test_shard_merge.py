"""Sharded scans merged back together give exactly the results of one unsharded scan."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from scanner import pipeline, rundir
from scanner.config import RunConfig
from scanner.demo import build_organization, seed_configuration
from scanner.errors import ConfigError
from scanner.shard import merge_runs, parse_shard, shard_of


def _results(out: Path) -> set[tuple[object, ...]]:
    rows = [json.loads(line) for line in (out / rundir.RESULTS).read_text().splitlines()]
    # Evidence digests are not compared: the runs were separate scans, and responses carry timestamps.
    return {(r["fingerprint"], r["status"], r["message"]) for r in rows}


def _controls(out: Path) -> set[tuple[object, ...]]:
    rows = [json.loads(line) for line in (out / rundir.CONTROLS).read_text().splitlines()]
    return {(r["catalog"], r["control_id"], r["account_id"], r["status"], r["reason"]) for r in rows}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("shards")
    with mock_aws():
        base = boto3.Session(region_name="us-east-1")
        seed_configuration(base, build_organization(base))
        common = {"org": True, "regions": ("us-east-1",), "pdf": False}
        pipeline.scan(RunConfig(out=tmp / "whole", **common), base)  # type: ignore[arg-type]
        for k in (1, 2, 3):
            pipeline.scan(RunConfig(out=tmp / f"shard{k}", shard=(k, 3), **common), base)  # type: ignore[arg-type]
    return {p.name: p for p in tmp.iterdir()}


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
    pipeline.evaluate_run(merged, pdf=False)
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


def test_merge_reads_shards_from_an_s3_prefix_and_writes_back(runs: dict[str, Path], tmp_path: Path) -> None:
    """What the deployed state machine runs: `merge s3://bucket/runs/EXEC/ --out s3://bucket/runs/EXEC/merged/`."""
    from scanner.cli import EXIT_OK, run
    from scanner.storage import S3Location, download_run, upload_run

    with mock_aws():
        session = boto3.Session(region_name="us-east-1")
        session.client("s3").create_bucket(Bucket="results")
        for k in (1, 2, 3):
            upload_run(runs[f"shard{k}"], S3Location.parse(f"s3://results/runs/x/shard-{k}/"), session)
        code = run(["merge", "s3://results/runs/x/", "--out", "s3://results/runs/x/merged/", "--no-pdf"])
        assert code == EXIT_OK
        merged = download_run(S3Location.parse("s3://results/runs/x/merged/"), tmp_path / "merged", session)
    assert _results(merged) == _results(runs["whole"])
    assert rundir.verify_manifest(merged).ok
