"""Amazon Macie sensitive-data discovery: where discovery results are exported, what discovers (automated
discovery and classification jobs), and the oldest open high-severity findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.aws.collectors.macie import NO_SESSION
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item

SESSION_CALL = {"GetMacieSession": "macie2:GetMacieSession"}

# Open (unarchived) high-severity findings, oldest first: one page of at most this many is enough to tell
# whether any is older than the allowed age, which bounds the calls whatever the backlog.
# https://docs.aws.amazon.com/macie/latest/APIReference/findings.html
HIGH_OPEN_CRITERIA = {"criterion": {"severity.description": {"eq": ["High"]}, "archived": {"eq": ["false"]}}}
OLDEST_FIRST = {"attributeName": "createdAt", "orderBy": "ASC"}
FINDINGS_PAGE = 50
FINDING_FIELDS = ("id", "accountId", "createdAt", "updatedAt", "severity", "title", "type")


def _without_metadata(response: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def _per_session(api: Api, what: str, aspects: Mapping[str, Callable[[Api], Any]]) -> Iterator[Item]:
    """One item for the region's Macie session with the given aspects; nothing where Macie was never
    enabled (its operations would all fail)."""
    if api.optional("get_macie_session", absent=NO_SESSION) is None:
        return
    arn = f"arn:{api.partition}:macie2:{api.region}:{api.account_id}:{what}"
    # When the data was read: the age of a job run or a finding is measured against it.
    collected_at = dt.datetime.now(dt.UTC).isoformat()
    builder = api.resource(arn, f"{api.account_id}/{api.region}", {"CollectedAt": collected_at})
    for name, fetch in aspects.items():
        builder.aspect(name, fetch, api)
    yield builder.build()


def export_configuration(api: Api) -> dict[str, Any]:
    """The discovery results repository; {} when none is configured."""
    response = api.optional("get_classification_export_configuration", absent=("ResourceNotFoundException",))
    configuration: dict[str, Any] = (response or {}).get("configuration") or {}
    return configuration


def collect_export_configuration(api: Api) -> Iterator[Item]:
    yield from _per_session(api, "classification-export-configuration", {"Export": export_configuration})


def automated_discovery(api: Api) -> dict[str, Any]:
    return _without_metadata(api.call("get_automated_discovery_configuration"))


def _targets_tagged_buckets(job: dict[str, Any]) -> bool:
    return any(
        "tagCriterion" in c for c in (job.get("bucketCriteria") or {}).get("includes", {}).get("and", [])
    )


def classification_jobs(api: Api) -> list[dict[str, Any]]:
    """Every classification job's summary; jobs selecting buckets by tag also get their last run time and
    their object scoping (s3JobDefinition.scoping: which objects are included and excluded) from
    DescribeClassificationJob (the summary has neither)."""
    jobs: list[dict[str, Any]] = api.paginate("list_classification_jobs", "items")
    for job in jobs:
        if _targets_tagged_buckets(job):
            detail = api.call("describe_classification_job", jobId=job["jobId"])
            job["lastRunTime"] = detail.get("lastRunTime")
            job["scoping"] = (detail.get("s3JobDefinition") or {}).get("scoping") or {}
    return jobs


def collect_discovery(api: Api) -> Iterator[Item]:
    aspects = {"AutomatedDiscovery": automated_discovery, "Jobs": classification_jobs}
    yield from _per_session(api, "sensitive-data-discovery", aspects)


def oldest_open_high_findings(api: Api) -> dict[str, Any]:
    """Up to FINDINGS_PAGE open high-severity findings, oldest first, with whether more exist."""
    page = api.call(
        "list_findings",
        findingCriteria=HIGH_OPEN_CRITERIA,
        sortCriteria=OLDEST_FIRST,
        maxResults=FINDINGS_PAGE,
    )
    ids = page.get("findingIds") or []
    findings = api.call("get_findings", findingIds=ids, sortCriteria=OLDEST_FIRST)["findings"] if ids else []
    return {
        "Findings": [
            {
                **{k: f.get(k) for k in FINDING_FIELDS},
                "bucket": ((f.get("resourcesAffected") or {}).get("s3Bucket") or {}).get("name"),
            }
            for f in findings
        ],
        "More": bool(page.get("nextToken")),
    }


def collect_findings(api: Api) -> Iterator[Item]:
    yield from _per_session(api, "high-severity-findings", {"OpenHighFindings": oldest_open_high_findings})


DATASETS = (
    Dataset(
        name="macie.export-configuration",
        service="macie2",
        reach=Reach.REGIONAL,
        description="Where Macie stores sensitive-data discovery results: the S3 bucket and the KMS key "
        "(absent when Macie was never enabled in the region).",
        calls={
            **SESSION_CALL,
            "GetClassificationExportConfiguration": "macie2:GetClassificationExportConfiguration",
        },
        collect=collect_export_configuration,
    ),
    Dataset(
        name="macie.discovery",
        service="macie2",
        reach=Reach.REGIONAL,
        description="Macie automated sensitive-data discovery status and the classification jobs with "
        "their bucket criteria, status and last run (absent when Macie was never enabled in the region).",
        calls={
            **SESSION_CALL,
            "GetAutomatedDiscoveryConfiguration": "macie2:GetAutomatedDiscoveryConfiguration",
            "ListClassificationJobs": "macie2:ListClassificationJobs",
            "DescribeClassificationJob": "macie2:DescribeClassificationJob",
        },
        collect=collect_discovery,
    ),
    Dataset(
        name="macie.findings",
        service="macie2",
        reach=Reach.REGIONAL,
        description="The oldest open (unarchived) high-severity Macie findings visible to the account, at "
        "most 50, with their account, bucket and creation time.",
        calls={
            **SESSION_CALL,
            "ListFindings": "macie2:ListFindings",
            "GetFindings": "macie2:GetFindings",
        },
        collect=collect_findings,
    ),
)
