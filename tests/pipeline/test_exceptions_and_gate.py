"""Accepted exceptions never turn a FAIL into PASS; expired ones stop applying; --fail-on gates CI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from scanner import rundir
from scanner.cli.deliver import scan_and_report
from scanner.cli.main import EXIT_GATE, EXIT_OK, main
from scanner.errors import ConfigError
from scanner.evaluate.accepted import load_exceptions
from scanner.run.config import RunConfig

CATALOG = """
id: test-catalog
title: Test catalog
version: "1"
groups:
  - id: g
    title: Group
    controls:
      - id: encryption
        title: Buckets encrypted
        summary: Buckets encrypt by default.
        phase: both
        treatment: automated
        checks: [s3.bucket.default-encryption]
"""


@pytest.fixture(scope="module")
def failing_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("exc")
    catalog = tmp / "catalog.yaml"
    catalog.write_text(CATALOG)
    out = tmp / "run"
    with mock_aws():
        base = boto3.Session(region_name="us-east-1")
        base.client("s3").create_bucket(Bucket="legacy-exports")
        scan_and_report(
            RunConfig(
                out=out,
                regions=("us-east-1",),
                catalogs=("test-catalog",),
                catalog_paths=(catalog,),
                pdf=False,
            ),
            base,
        )
    return out


def _copy(run: Path, tmp_path: Path) -> Path:
    target = tmp_path / "run"
    shutil.copytree(run, target)
    return target


def _exceptions(tmp_path: Path, expires: str, resource: str = "arn:aws:s3:::legacy-*") -> Path:
    path = tmp_path / "exceptions.yaml"
    path.write_text(
        "exceptions:\n"
        "  - id: EXC-7\n"
        "    check: s3.bucket.default-encryption\n"
        f"    resources: ['{resource}']\n"
        "    justification: Legacy export bucket, decommissioned in Q1; holds no regulated data.\n"
        "    approver: CISO\n"
        f"    expires: {expires}\n"
    )
    return path


def _rows(run: Path, name: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in (run / name).read_text().splitlines()]


def test_accepted_exception_keeps_fail_and_is_shown(failing_run: Path, tmp_path: Path) -> None:
    run = _copy(failing_run, tmp_path)
    assert main(["evaluate", "--from", str(run), "--no-pdf", "--fail-on", "high"]) == EXIT_GATE
    exceptions = _exceptions(tmp_path, "2099-01-01")
    assert (
        main(
            ["evaluate", "--from", str(run), "--no-pdf", "--exceptions", str(exceptions), "--fail-on", "high"]
        )
        == EXIT_OK
    )
    [bucket] = [r for r in _rows(run, rundir.RESULTS) if r["check_id"] == "s3.bucket.default-encryption"]
    assert bucket["status"] == "FAIL"  # never PASS
    assert bucket["details"]["exception"]["id"] == "EXC-7"  # type: ignore[index]
    [control] = [c for c in _rows(run, rundir.CONTROLS) if c["control_id"] == "encryption"]
    assert control["status"] == "NOT_SATISFIED"
    assert "accepted exception EXC-7" in str(control["reason"])
    assert (run / rundir.EXCEPTIONS).is_file() and rundir.verify_manifest(run).ok  # part of the evidence pack


def test_expired_exception_stops_applying_and_is_listed(failing_run: Path, tmp_path: Path) -> None:
    run = _copy(failing_run, tmp_path)
    exceptions = _exceptions(tmp_path, "2020-01-01")
    assert (
        main(
            ["evaluate", "--from", str(run), "--no-pdf", "--exceptions", str(exceptions), "--fail-on", "high"]
        )
        == EXIT_GATE
    )
    [bucket] = [r for r in _rows(run, rundir.RESULTS) if r["check_id"] == "s3.bucket.default-encryption"]
    assert "exception" not in bucket.get("details", {})  # type: ignore[operator]
    run_json = json.loads((run / rundir.RUN).read_text())
    assert run_json["expired_exceptions"] == [
        {"id": "EXC-7", "expired": "2020-01-01", "approver": "CISO", "findings": 1}
    ]


def test_exception_for_another_resource_does_not_apply(failing_run: Path, tmp_path: Path) -> None:
    run = _copy(failing_run, tmp_path)
    exceptions = _exceptions(tmp_path, "2099-01-01", resource="arn:aws:s3:::other-bucket")
    assert (
        main(
            ["evaluate", "--from", str(run), "--no-pdf", "--exceptions", str(exceptions), "--fail-on", "high"]
        )
        == EXIT_GATE
    )


def test_fail_on_threshold_respects_severity(failing_run: Path, tmp_path: Path) -> None:
    run = _copy(failing_run, tmp_path)
    # The run's only failure is a high-severity check, so a critical-only gate passes.
    assert main(["evaluate", "--from", str(run), "--no-pdf", "--fail-on", "critical"]) == EXIT_OK
    assert main(["evaluate", "--from", str(run), "--no-pdf", "--fail-on", "low"]) == EXIT_GATE


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("exceptions:\n  - id: A\n    check: x\n    approver: y\n    expires: 2030-01-01\n", "justification"),
        (
            "exceptions:\n  - id: A\n    justification: long enough text\n"
            "    approver: y\n    expires: 2030-01-01\n",
            "exactly one of",
        ),
        (
            "exceptions:\n  - id: A\n    check: x\n    justification: long enough text\n    approver: y\n"
            "    expires: 2030-01-01\n    colour: red\n",
            "unknown field 'colour'",
        ),
        ("exceptions: [\n", "malformed YAML"),
    ],
)
def test_bad_exceptions_file_names_file_and_problem(tmp_path: Path, body: str, problem: str) -> None:
    path = tmp_path / "bad-exceptions.yaml"
    path.write_text(body)
    with pytest.raises(ConfigError, match=r"bad-exceptions\.yaml") as caught:
        load_exceptions(path)
    assert problem in str(caught.value)
