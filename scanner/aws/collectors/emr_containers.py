"""Amazon EMR on EKS: running virtual clusters with their recent job runs (and each run's monitoring
configuration)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item

# How far back job runs are read: a month shows how jobs are submitted today without listing years of
# history (our choice; the seed asks for "recent" runs).
RECENT_JOB_RUN_DAYS = 30


def recent_job_runs(api: Api, virtual_cluster_id: str, since: dt.datetime) -> list[dict[str, Any]]:
    """Job runs submitted since `since`; each JobRun carries its configurationOverrides."""
    runs: list[dict[str, Any]] = api.paginate(
        "list_job_runs", "jobRuns", virtualClusterId=virtual_cluster_id, createdAfter=since
    )
    return runs


def collect_virtual_clusters(api: Api) -> Iterator[Item]:
    observed = dt.datetime.now(dt.UTC)
    since = observed - dt.timedelta(days=RECENT_JOB_RUN_DAYS)
    for cluster in api.paginate("list_virtual_clusters", "virtualClusters", states=["RUNNING"]):
        data = {**cluster, "ObservedAt": observed.isoformat(), "JobRunsSince": since.isoformat()}
        builder = api.resource(cluster["arn"], cluster.get("name") or cluster["id"], data)
        builder.aspect("RecentJobRuns", recent_job_runs, api, cluster["id"], since)
        yield builder.build()


DATASETS = (
    Dataset(
        name="emrcontainers.virtual-clusters",
        service="emr-containers",
        reach=Reach.REGIONAL,
        description="Running EMR on EKS virtual clusters with the job runs submitted in the last 30 days and "
        "their configuration overrides (monitoring configuration).",
        calls={
            "ListVirtualClusters": "emr-containers:ListVirtualClusters",
            "ListJobRuns": "emr-containers:ListJobRuns",
        },
        collect=collect_virtual_clusters,
    ),
)
