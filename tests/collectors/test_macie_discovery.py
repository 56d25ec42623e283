"""Macie discovery collectors: the results repository, automated discovery and jobs, open high findings.

moto (5.2) implements only Macie sessions, members and invitations: it has no
GetClassificationExportConfiguration, GetAutomatedDiscoveryConfiguration, ListClassificationJobs,
DescribeClassificationJob, ListFindings or GetFindings (it answers 404 "Not yet implemented"). Those run
through the ordinary Api against botocore Stubber wire answers; "Macie never enabled" runs under moto."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import boto3
from botocore.stub import ANY, Stubber
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.base import Api
from scanner.aws.collectors.macie_discovery import DATASETS, FINDINGS_PAGE, HIGH_OPEN_CRITERIA, OLDEST_FIRST
from scanner.aws.sessions import SessionProvider
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import Item

EXPORT, DISCOVERY, FINDINGS = DATASETS
REGION = "eu-west-1"
ACCOUNT = "111111111111"
KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234"
SESSION = {"status": "ENABLED", "createdAt": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)}
TAGGED = {
    "includes": {
        "and": [
            {
                "tagCriterion": {
                    "comparator": "EQ",
                    "tagValues": [{"key": "RequireMacieScan", "value": "True"}],
                }
            }
        ]
    }
}


def _stubbed(tmp_path: Path, dataset: Dataset, answers: list[tuple[str, Any, Any]]) -> list[Item]:
    client = boto3.client("macie2", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")
    recorder = Recorder(EvidenceStore(tmp_path))
    recorder.attach(client, ACCOUNT)
    stubber = Stubber(client)
    for operation, response, params in answers:
        if isinstance(response, str):
            stubber.add_client_error(operation, response, http_status_code=403, expected_params=params)
        else:
            stubber.add_response(operation, response, params)
    with stubber:
        api = Api(dataset, lambda _service: client, recorder, account_id=ACCOUNT, region=REGION)
        items = list(dataset.collect(api))
    stubber.assert_no_pending_responses()
    return items


def test_nothing_is_collected_where_macie_was_never_enabled(tmp_path: Path) -> None:
    for dataset in DATASETS:
        answers = [("get_macie_session", "ResourceNotFoundException", {})]
        assert _stubbed(tmp_path / dataset.name, dataset, answers) == [], dataset.name


def test_under_moto_the_session_is_found_and_the_missing_operations_spoil_only_the_aspects(
    tmp_path: Path,
) -> None:
    """moto answers GetMacieSession ENABLED by default and 404 for the rest: the demo's Macie ERRORs."""
    with mock_aws():
        provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
        record = collect_dataset(provider, EXPORT, provider.caller().account_id, REGION)
    [configuration] = record.items
    assert "Export" in configuration.errors


def test_export_configuration_is_collected(tmp_path: Path) -> None:
    destination = {"bucketName": "macie-results", "keyPrefix": "r/", "kmsKeyArn": KEY}
    answers = [
        ("get_macie_session", SESSION, {}),
        ("get_classification_export_configuration", {"configuration": {"s3Destination": destination}}, {}),
    ]
    [configuration] = _stubbed(tmp_path, EXPORT, answers)
    assert configuration.resource_id.endswith(f"{ACCOUNT}:classification-export-configuration")
    assert configuration["Export"] == {"s3Destination": destination}
    assert configuration.evidence and not configuration.errors


def test_an_unconfigured_or_unreadable_repository(tmp_path: Path) -> None:
    answers = [("get_macie_session", SESSION, {}), ("get_classification_export_configuration", {}, {})]
    [unconfigured] = _stubbed(tmp_path / "a", EXPORT, answers)
    assert unconfigured["Export"] == {}
    answers[1] = ("get_classification_export_configuration", "AccessDeniedException", {})
    [denied] = _stubbed(tmp_path / "b", EXPORT, answers)
    assert "Export" in denied.errors


QUARANTINE_EXCLUDED = {
    "excludes": {
        "and": [
            {"simpleScopeTerm": {"comparator": "STARTS_WITH", "key": "OBJECT_KEY", "values": ["quarantine/"]}}
        ]
    }
}


def _job(job_id: str, status: str, criteria: dict[str, Any] | None = TAGGED) -> dict[str, Any]:
    summary: dict[str, Any] = {"jobId": job_id, "name": job_id, "jobStatus": status, "jobType": "ONE_TIME"}
    if criteria:
        summary["bucketCriteria"] = criteria
    return summary


def test_discovery_status_and_jobs_with_the_last_run_of_completed_tagged_jobs(tmp_path: Path) -> None:
    last_run = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    answers = [
        ("get_macie_session", SESSION, {}),
        ("get_automated_discovery_configuration", {"status": "DISABLED"}, {}),
        ("list_classification_jobs", {"items": [_job("running", "RUNNING")], "nextToken": "p2"}, {}),
        (
            "list_classification_jobs",
            {"items": [_job("done", "COMPLETE"), _job("listed", "COMPLETE", criteria=None)]},
            {"nextToken": "p2"},
        ),
        ("describe_classification_job", {"jobId": "running", "s3JobDefinition": {}}, {"jobId": "running"}),
        (
            "describe_classification_job",
            {"jobId": "done", "lastRunTime": last_run, "s3JobDefinition": {"scoping": QUARANTINE_EXCLUDED}},
            {"jobId": "done"},
        ),
    ]
    [discovery] = _stubbed(tmp_path, DISCOVERY, answers)
    assert discovery["AutomatedDiscovery"] == {"status": "DISABLED"}
    jobs = {j["jobId"]: j for j in discovery["Jobs"]}
    assert jobs["done"]["lastRunTime"] == last_run and jobs["running"]["lastRunTime"] is None
    assert jobs["done"]["scoping"] == QUARANTINE_EXCLUDED and jobs["running"]["scoping"] == {}
    assert "lastRunTime" not in jobs["listed"] and "scoping" not in jobs["listed"]  # by name: not described
    assert discovery.data["CollectedAt"] and discovery.evidence and not discovery.errors


def test_unreadable_automated_discovery_spoils_only_that_aspect(tmp_path: Path) -> None:
    answers = [
        ("get_macie_session", SESSION, {}),
        ("get_automated_discovery_configuration", "AccessDeniedException", {}),
        ("list_classification_jobs", {"items": []}, {}),
    ]
    [discovery] = _stubbed(tmp_path, DISCOVERY, answers)
    assert "AutomatedDiscovery" in discovery.errors and discovery["Jobs"] == []


def _finding(finding_id: str, created: dt.datetime) -> dict[str, Any]:
    return {
        "id": finding_id,
        "accountId": "222222222222",
        "createdAt": created,
        "severity": {"description": "High", "score": 3},
        "title": "Credentials found",
        "type": "SensitiveData:S3Object/Credentials",
        "resourcesAffected": {"s3Bucket": {"name": "tenant-data"}, "s3Object": {"key": "secret.txt"}},
    }


def test_oldest_open_high_findings_are_listed_in_one_bounded_page(tmp_path: Path) -> None:
    created = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    listing = {
        "findingCriteria": HIGH_OPEN_CRITERIA,
        "sortCriteria": OLDEST_FIRST,
        "maxResults": FINDINGS_PAGE,
    }
    answers = [
        ("get_macie_session", SESSION, {}),
        ("list_findings", {"findingIds": ["f1"], "nextToken": "more"}, listing),
        (
            "get_findings",
            {"findings": [_finding("f1", created)]},
            {"findingIds": ["f1"], "sortCriteria": ANY},
        ),
    ]
    [findings] = _stubbed(tmp_path, FINDINGS, answers)
    [finding] = findings["OpenHighFindings"]["Findings"]
    assert finding["id"] == "f1" and finding["createdAt"] == created and finding["bucket"] == "tenant-data"
    assert "resourcesAffected" not in finding and findings["OpenHighFindings"]["More"] is True


def test_no_open_high_findings_needs_no_get_findings(tmp_path: Path) -> None:
    answers = [("get_macie_session", SESSION, {}), ("list_findings", {"findingIds": []}, None)]
    [findings] = _stubbed(tmp_path, FINDINGS, answers)
    assert findings["OpenHighFindings"] == {"Findings": [], "More": False}
