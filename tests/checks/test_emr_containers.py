"""EMR on EKS: every recent job run of a virtual cluster sends its logs to S3 or CloudWatch Logs."""

from __future__ import annotations

from typing import Any

from checks.emr_containers import job_logging
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

TO_S3 = {"monitoringConfiguration": {"s3MonitoringConfiguration": {"logUri": "s3://logs/emr-eks/"}}}
TO_CLOUDWATCH = {
    "monitoringConfiguration": {"cloudWatchMonitoringConfiguration": {"logGroupName": "/emr/eks"}}
}


def run(name: str, overrides: dict[str, Any] | None) -> dict[str, Any]:
    return {"id": name, "name": name, "configurationOverrides": overrides} if overrides else {"name": name}


def virtual_cluster(*runs: dict[str, Any]) -> Item:
    arn = f"arn:aws:emr-containers:{REGION}:{ACCOUNT}:/virtualclusters/vc1"
    data = {"name": "claims", "JobRunsSince": "2026-11-01T00:00:00+00:00", "RecentJobRuns": list(runs)}
    return item(arn, data, name="claims")


def _run(*clusters: Item) -> list[Result]:
    return run_check(job_logging, InventoryBuilder().add("emrcontainers.virtual-clusters", clusters))


def test_job_logging_passes_when_every_run_logs_somewhere() -> None:
    [result] = _run(virtual_cluster(run("etl", TO_S3), run("report", TO_CLOUDWATCH)))
    assert (
        result.status is Status.PASS and "2 job run(s) since 2026-11-01" in result.message and result.evidence
    )


def test_job_logging_fails_for_runs_without_a_log_destination() -> None:
    [result] = _run(
        virtual_cluster(
            run("etl", TO_S3), run("adhoc", None), run("tuning", {"applicationConfiguration": []})
        )
    )
    assert result.status is Status.FAIL and "adhoc, tuning" in result.message and "etl" not in result.message
    many = [run(f"job-{i}", None) for i in range(7)]
    [capped] = _run(virtual_cluster(*many))
    assert capped.status is Status.FAIL and "and 2 more" in capped.message


def test_job_logging_is_not_applicable_without_runs_and_errors_when_unreadable() -> None:
    assert statuses(_run(virtual_cluster())) == ["NOT_APPLICABLE"]
    arn = f"arn:aws:emr-containers:{REGION}:{ACCOUNT}:/virtualclusters/vc2"
    assert statuses(_run(item(arn, {"name": "x"}, errors={"RecentJobRuns": ACCESS_DENIED}))) == ["ERROR"]
    denied = InventoryBuilder().unavailable("emrcontainers.virtual-clusters", ACCESS_DENIED)
    assert statuses(run_check(job_logging, denied)) == ["ERROR"]
