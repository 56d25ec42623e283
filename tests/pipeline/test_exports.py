"""Exports: CSV and JSON tables, and Parquet in the account_id= layout, queried with DuckDB."""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from scanner import rundir
from scanner.cli.main import EXIT_OK, run
from scanner.errors import ConfigError
from scanner.exports.formats import export_run
from scanner.exports.tables import write_tables
from scanner.model import Account, ControlResult, ControlStatus, Result, Status
from tests.pipeline.records import run_record

LZ, APP = "011111111111", "222222222222"  # a leading zero: account ids are strings
HIVE = "hive_partitioning = true, hive_types = {'account_id': 'VARCHAR'}"


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    out = tmp_path / "run"
    out.mkdir()
    accounts = [
        Account(LZ, "security", ou_path=("Security",), tags={"owner": "secops"}),
        Account(APP, "tenant-a", ou_path=("Workloads", "Claims"), tags={"owner": "claims", "env": "prod"}),
    ]
    rundir.write_run(out, run_record(accounts, roles={LZ: "security", APP: "application"}))
    results = [
        Result("s3.bucket.tls-only", LZ, "global", "arn:aws:s3:::logs", Status.PASS, "denied", ("e1",)),
        Result(
            "s3.bucket.tls-only", APP, "global", "arn:aws:s3:::data", Status.FAIL, "no policy", ("e2", "e3")
        ),
        Result("guardduty.enabled", APP, "us-east-1", "d", Status.PASS, "on"),
    ]
    rundir.write_results(out, results)
    rundir.write_controls(
        out,
        [
            ControlResult("fsi-athena", "dp.tls-only-buckets", LZ, ControlStatus.SATISFIED, "ok"),
            ControlResult("fsi-athena", "dp.tls-only-buckets", APP, ControlStatus.NOT_SATISFIED, "fails"),
        ],
    )
    rundir.write_manifest(out)
    return out


def test_parquet_layout_answers_a_query_per_account(run_dir: Path) -> None:
    export_run(run_dir, ["parquet"])
    root = run_dir / "exports" / "parquet"
    assert (root / "results" / f"account_id={APP}" / "results.parquet").is_file()
    pattern = str(root / "results" / "*" / "*.parquet")
    db = duckdb.connect()
    for account, expected in ((LZ, 1), (APP, 2)):
        query = f"SELECT check_id, account_tags['owner'] FROM read_parquet('{pattern}', {HIVE})"
        rows = db.execute(f"{query} WHERE account_id = ? ORDER BY check_id", [account]).fetchall()
        assert len(rows) == expected
        assert {owner for _, owner in rows} == {"secops" if account == LZ else "claims"}
    [app_tls] = db.execute(
        f"SELECT status, ou_path, phase, evidence FROM read_parquet('{pattern}', {HIVE}) "
        "WHERE account_id = ? AND check_id = 's3.bucket.tls-only'",
        [APP],
    ).fetchall()
    assert app_tls == ("FAIL", "Workloads/Claims", "application", ["e2", "e3"])
    # Per-OU sharing: a row filter on the OU path selects exactly that OU's accounts.
    controls = str(root / "controls" / "*" / "*.parquet")
    workloads = db.execute(
        f"SELECT DISTINCT account_id FROM read_parquet('{controls}', {HIVE}) WHERE ou_path LIKE 'Workloads%'"
    ).fetchall()
    assert workloads == [(APP,)]
    ddl = (root / "athena.sql").read_text()
    assert "PARTITIONED BY (`account_id` string)" in ddl and "controlmap_controls" in ddl
    assert rundir.verify_manifest(run_dir).ok  # exports are part of the evidence pack


def test_cross_run_tables_hold_every_run_and_match_the_deployed_glue_tables(
    run_dir: Path, tmp_path: Path
) -> None:
    """`--tables`: each run becomes one file per table under day=…/, with the columns the stack's Glue tables
    declare, so Athena (partition projection on day) and DuckDB query every run at once."""
    from scanner.evaluate.registry import build_registry
    from scanner.tools.deploy import security_account_template

    tables = tmp_path / "tables"
    write_tables(run_dir, tables)
    second = tmp_path / "second"
    shutil.copytree(run_dir, second)
    run = rundir.read_run(second)
    rundir.write_run(second, replace(run, run_id="run-2", started_at="2026-11-23T10:00:00Z"))
    write_tables(second, tables)
    assert (tables / "results" / "day=2026-11-22" / "run-1.parquet").is_file()
    assert (tables / "controls" / "day=2026-11-23" / "run-2.parquet").is_file()

    db = duckdb.connect()
    pattern = str(tables / "results" / "*" / "*.parquet")
    rows = db.execute(
        f"SELECT day, run_id, account_id, status FROM read_parquet('{pattern}', hive_partitioning = true) "
        "WHERE check_id = 's3.bucket.tls-only' ORDER BY day, account_id"
    ).fetchall()
    assert [(str(d), r, a, s) for d, r, a, s in rows] == [
        ("2026-11-22", "run-1", LZ, "PASS"),
        ("2026-11-22", "run-1", APP, "FAIL"),
        ("2026-11-23", "run-2", LZ, "PASS"),
        ("2026-11-23", "run-2", APP, "FAIL"),
    ]
    resources = security_account_template(build_registry())["Resources"]
    for name in ("results", "controls"):
        glue = resources[f"{name.capitalize()}Table"]["Properties"]["TableInput"]
        declared = [(c["Name"], c["Type"]) for c in glue["StorageDescriptor"]["Columns"]]
        files = tables / name / "*" / "*.parquet"
        described = db.execute(
            f"DESCRIBE SELECT * FROM read_parquet('{files}', hive_partitioning = false)"
        ).fetchall()
        duck_to_athena = {
            "VARCHAR": "string",
            "VARCHAR[]": "array<string>",
            "MAP(VARCHAR, VARCHAR)": "map<string,string>",
        }
        assert [(col, duck_to_athena[kind]) for col, kind, *_ in described] == declared
        assert [k["Name"] for k in glue["PartitionKeys"]] == ["day"]
        template = glue["Parameters"]["storage.location.template"]["Fn::Sub"]
        assert template == f"s3://${{ResultsBucket}}/tables/{name}/day=${{!day}}/"


def test_csv_and_json_hold_every_row(run_dir: Path) -> None:
    export_run(run_dir, ["csv", "json"])
    with (run_dir / "exports" / "results.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 3 and rows[1]["evidence"] == "e2 e3" and rows[1]["ou_path"] == "Workloads/Claims"
    controls = json.loads((run_dir / "exports" / "controls.json").read_text())
    assert [c["status"] for c in controls] == ["SATISFIED", "NOT_SATISFIED"]


def test_unknown_format_is_a_clear_error(run_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ConfigError, match="unknown xml"):
        export_run(run_dir, ["xml"])
    assert run(["export", str(run_dir), "--format", "csv"]) == EXIT_OK


def test_asff_findings_are_valid_for_security_hub_and_uniquely_identified(run_dir: Path) -> None:
    import boto3
    from botocore.validate import ParamValidator

    export_run(run_dir, ["asff"])
    findings = json.loads((run_dir / "exports" / "asff.json").read_text())
    assert len(findings) == 3 and len({f["Id"] for f in findings}) == 3
    shape = (
        boto3.client("securityhub", region_name="us-east-1")
        .meta.service_model.operation_model("BatchImportFindings")
        .input_shape
    )
    report = ParamValidator().validate({"Findings": findings}, shape)
    assert not report.has_errors(), report.generate_report()
    failed = next(f for f in findings if f["Compliance"]["Status"] == "FAILED")
    assert failed["Resources"][0]["Id"] == "arn:aws:s3:::data" and failed["AwsAccountId"] == APP
    assert "fsi-athena dp.tls-only-buckets" in failed["Compliance"]["RelatedRequirements"]
    assert failed["Severity"]["Label"] == "HIGH"
