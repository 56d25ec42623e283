"""Amazon EMR on EKS check: recent job runs send their logs to S3 or CloudWatch Logs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status


def _log_destination(run: Mapping[str, Any]) -> str | None:
    """Where the run's logs go (an S3 URI or a log group), or None when it keeps them only in the pods."""
    monitoring = (run.get("configurationOverrides") or {}).get("monitoringConfiguration") or {}
    s3_uri = (monitoring.get("s3MonitoringConfiguration") or {}).get("logUri")
    log_group = (monitoring.get("cloudWatchMonitoringConfiguration") or {}).get("logGroupName")
    return s3_uri or log_group or None


@check(
    id="emrcontainers.virtual-cluster.job-logging",
    title="EMR on EKS job runs send their logs to S3 or CloudWatch Logs",
    for_each="emrcontainers.virtual-clusters",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="Without a monitoring configuration, driver and executor logs live only in the job's pods and "
    "disappear with them, so what a Spark job read and wrote cannot be investigated.",
    remediation="Submit every job (or its job template) with configurationOverrides.monitoringConfiguration "
    "naming an S3 logUri in the log archive or a CloudWatch Logs log group.",
)
def job_logging(virtual_cluster: Item, scope: Scope) -> Result:
    """PASS for a running virtual cluster whose every job run of the last 30 days (the collector's window,
    RECENT_JOB_RUN_DAYS) has a monitoringConfiguration with an S3 logUri or a CloudWatch log group name. Not
    applicable when no job ran in that window."""
    runs: list[Mapping[str, Any]] = virtual_cluster["RecentJobRuns"]
    since = str(virtual_cluster.data.get("JobRunsSince", ""))[:10] or "the collection window"
    if not runs:
        return scope.on_item(virtual_cluster, Status.NOT_APPLICABLE, f"no job run since {since}")
    unlogged = sorted({str(r.get("name") or r.get("id")) for r in runs if not _log_destination(r)})
    if unlogged:
        shown = ", ".join(unlogged[:5]) + (f" and {len(unlogged) - 5} more" if len(unlogged) > 5 else "")
        return scope.failed(virtual_cluster, f"job runs since {since} without a log destination: {shown}")
    return scope.passed(
        virtual_cluster, f"all {len(runs)} job run(s) since {since} send logs to S3 or CloudWatch"
    )
