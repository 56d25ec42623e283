"""AWS Snow Family: Snowball jobs with the KMS key that protects the data on the device."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def job_metadata(api: Api, job_id: str) -> dict[str, Any]:
    metadata: dict[str, Any] = api.call("describe_job", JobId=job_id)["JobMetadata"]
    return metadata


def collect_jobs(api: Api) -> Iterator[Item]:
    for job in api.paginate("list_jobs", "JobListEntries"):
        arn = f"arn:{api.partition}:snowball:{api.region}:{api.account_id}:job/{job['JobId']}"
        builder = api.resource(arn, job.get("Description") or job["JobId"], job)
        builder.aspect("Job", job_metadata, api, job["JobId"])
        yield builder.build()


DATASETS = (
    Dataset(
        name="snowball.jobs",
        service="snowball",
        reach=Reach.REGIONAL,
        description="Snowball jobs with their state and the KMS key that encrypts the data on the device.",
        calls={"ListJobs": "snowball:ListJobs", "DescribeJob": "snowball:DescribeJob"},
        collect=collect_jobs,
    ),
)
