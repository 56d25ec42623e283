"""Ingesting a docker-bench-security JSON report: its results become docker-bench.<id> checks on the same
CIS controls, mapped conservatively (WARN fails; INFO and NOTE are never PASS)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from scanner import rundir
from scanner.cli.deliver import host_scan
from scanner.cli.main import main
from scanner.errors import ConfigError
from scanner.model import Result, Status
from scanner.run.host import HostScanConfig
from tests.host.hosttree import good_host


def report(results: list[dict[str, str]]) -> dict[str, Any]:
    """The shape docker-bench-security's output_lib.sh writes (beginjson/startsectionjson/logcheckresult)."""
    sections: dict[str, list[dict[str, str]]] = {}
    for result in results:
        sections.setdefault(result["id"].split(".")[0], []).append(result)
    return {
        "dockerbenchsecurity": "1.6.0",
        "start": 1700000000,
        "tests": [{"id": s, "desc": f"section {s}", "results": r} for s, r in sections.items()],
        "checks": len(results),
        "score": 0,
        "end": 1700000100,
    }


SAMPLE = [
    {"id": "2.15", "desc": "Ensure live restore is enabled (Scored)", "result": "PASS"},
    {
        "id": "2.14",
        "desc": "Ensure containers are restricted from acquiring new privileges",
        "result": "WARN",
    },
    {
        "id": "2.8",
        "desc": "Ensure the default ulimit is configured appropriately (Manual)",
        "result": "INFO",
        "details": "Default ulimit doesn't appear to be set",
    },
    {
        "id": "1.1.2",
        "desc": "Ensure only trusted users are allowed to control Docker daemon",
        "result": "NOTE",
    },
    {"id": "3.18", "desc": "Ensure that daemon.json file permissions are set to 644", "result": "PASS"},
    {"id": "3.14", "desc": "Ensure that TLS key file permissions are set to 400", "result": "PASS"},
    {"id": "2.13", "desc": "Ensure centralized and remote logging is configured", "result": "WARN"},
]


def ingest(tmp_path: Path, data: Any, **options: Any) -> dict[str, Result]:
    path = tmp_path / "bench.log.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    config = HostScanConfig(
        out=tmp_path / "run", docker_bench=str(path), pdf=False, **{"host_name": "ecs-1", **options}
    )
    outcome = host_scan(config)
    return {r.check_id: r for r in outcome.results if r.check_id.startswith("docker-bench.")}


def test_results_map_conservatively_and_say_where_they_come_from(tmp_path: Path) -> None:
    found = ingest(tmp_path, report(SAMPLE))
    assert found["docker-bench.2.15"].status is Status.PASS
    assert found["docker-bench.2.14"].status is Status.FAIL
    assert found["docker-bench.2.8"].status is Status.ERROR  # INFO is never a pass
    assert found["docker-bench.1.1.2"].status is Status.ERROR  # nor is NOTE
    assert found["docker-bench.3.14"].status is Status.PASS  # -eq 400 is an exact comparison
    for result in found.values():
        if result.status is not Status.NOT_APPLICABLE and "reported nothing" not in result.message:
            assert "reported by docker-bench-security 1.6.0" in result.message
    assert found["docker-bench.2.15"].resource_id == "host:ecs-1:docker-bench:2.15"
    assert found["docker-bench.2.15"].evidence  # the stored report


def test_a_pass_docker_bench_gets_wrong_is_not_accepted(tmp_path: Path) -> None:
    found = ingest(tmp_path, report(SAMPLE))
    mode = found["docker-bench.3.18"]
    assert mode.status is Status.ERROR and "0617" in mode.message


def test_a_recommendation_missing_from_the_report_is_not_evaluated(tmp_path: Path) -> None:
    found = ingest(tmp_path, report(SAMPLE))
    assert found["docker-bench.3.1"].status is Status.ERROR
    assert "reported nothing for 3.1" in found["docker-bench.3.1"].message


def test_controls_rest_on_the_report_and_host_checks_step_aside(tmp_path: Path) -> None:
    outcome = host_scan(
        HostScanConfig(
            out=tmp_path / "run",
            docker_bench=str(_write(tmp_path, report(SAMPLE))),
            host_name="ecs-1",
            pdf=False,
        )
    )
    controls = {c.control_id: c.status.value for c in outcome.controls}
    assert controls["daemon.live-restore"] == "SATISFIED"
    assert controls["daemon.no-new-privileges"] == "NOT_SATISFIED"
    host = [r for r in outcome.results if r.check_id == "docker.host.live-restore"]
    assert [r.status for r in host] == [Status.NOT_APPLICABLE]


def test_with_root_and_report_both_sources_judge(tmp_path: Path) -> None:
    root = good_host(tmp_path / "host")
    found = ingest(tmp_path, report(SAMPLE), root=root)
    assert found["docker-bench.2.14"].status is Status.FAIL
    controls = {c.control_id: c.status.value for c in rundir.read_controls(tmp_path / "run")}
    assert controls["daemon.no-new-privileges"] == "NOT_SATISFIED"  # our PASS does not hide its WARN


def test_a_host_scan_without_a_report_leaves_docker_bench_checks_not_applicable(tmp_path: Path) -> None:
    outcome = host_scan(HostScanConfig(out=tmp_path / "run", root=good_host(tmp_path / "host"), pdf=False))
    bench = {r.status for r in outcome.results if r.check_id.startswith("docker-bench.")}
    assert bench == {Status.NOT_APPLICABLE}


def test_a_malformed_report_is_a_clear_error_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"line 1 column 12"):
        ingest(tmp_path, '{"tests": [}')
    assert not (tmp_path / "run").exists()
    with pytest.raises(ConfigError, match="not a docker-bench-security report"):
        ingest(tmp_path, {"results": []})


def test_the_cli_needs_a_host_name_for_a_report_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, report(SAMPLE))
    assert main(["scan-host", "--docker-bench", str(path), "--out", str(tmp_path / "run"), "--no-pdf"]) == 2
    assert "--host-name" in capsys.readouterr().err
    args = [
        "scan-host",
        "--docker-bench",
        str(path),
        "--host-name",
        "ecs-1",
        "--out",
        str(tmp_path / "run"),
        "--no-pdf",
    ]
    assert main(args) == 0


def test_a_report_is_read_from_s3(tmp_path: Path) -> None:
    """moto serves GetObject; the output client's guard allows only object reads in that bucket."""
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="test-results")
        s3.put_object(
            Bucket="test-results", Key="ami-1/docker-bench.log.json", Body=json.dumps(report(SAMPLE))
        )
        outcome = host_scan(
            HostScanConfig(
                out=tmp_path / "run",
                docker_bench="s3://test-results/ami-1/docker-bench.log.json",
                host_name="ami-1",
                pdf=False,
            ),
            session=boto3.Session(region_name="us-east-1"),
        )
    statuses = {r.check_id: r.status for r in outcome.results}
    assert statuses["docker-bench.2.14"] is Status.FAIL


def _write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "report.json"
    path.write_text(json.dumps(data))
    return path
