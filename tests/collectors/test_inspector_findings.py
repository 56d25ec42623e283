"""Inspector critical EC2 findings. moto 5.2 answers ListFindings only from a queue of canned results (its
moto-api `findings-results` endpoint) and ignores filters, sort order and nextToken, so the moto test checks
the summary and the evidence; botocore's Stubber checks the request (filters, oldest first) and that paging
stops at MAX_PAGES with the dataset marked truncated."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import requests
from botocore.stub import Stubber
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.base import Api
from scanner.aws.collectors.inspector_findings import DATASETS, MAX_PAGES, PAGE_SIZE
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder

[EC2_CRITICAL_FINDINGS] = DATASETS
REGION = "eu-west-1"
ACCOUNT = "111111111111"
FIRST_OBSERVED = datetime(2026, 1, 1, tzinfo=UTC)


def _finding(account: str, number: int = 1) -> dict[str, Any]:
    return {
        "findingArn": f"arn:aws:inspector2:{REGION}:{account}:finding/{number:032x}",
        "awsAccountId": account,
        "type": "PACKAGE_VULNERABILITY",
        "description": "demo",
        "title": "CVE-2024-6387 - openssh",
        "severity": "CRITICAL",
        "status": "ACTIVE",
        "firstObservedAt": FIRST_OBSERVED,
        "lastObservedAt": FIRST_OBSERVED,
        "remediation": {},
        "resources": [{"type": "AWS_EC2_INSTANCE", "id": f"arn:aws:ec2:{REGION}:{account}:instance/i-0abc"}],
        "packageVulnerabilityDetails": {"vulnerabilityId": "CVE-2024-6387", "source": "NVD"},
        "fixAvailable": "YES",
    }


def test_critical_instance_findings_are_summarised(tmp_path: Path) -> None:
    with mock_aws():
        provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
        account = provider.caller().account_id
        epoch = FIRST_OBSERVED.timestamp()  # the wire form of a timestamp
        queued = _finding(account) | {"firstObservedAt": epoch, "lastObservedAt": epoch}
        requests.post(
            "http://motoapi.amazonaws.com/moto-api/static/inspector2/findings-results",
            json={"results": [[queued]], "account_id": account, "region": REGION},
            timeout=5,
        )
        [region_findings] = collect_dataset(provider, EC2_CRITICAL_FINDINGS, account, REGION).items
    [summary] = region_findings.data["Findings"]
    assert summary["VulnerabilityId"] == "CVE-2024-6387" and summary["ResourceTypes"] == ["AWS_EC2_INSTANCE"]
    assert summary["Severity"] == "CRITICAL" and summary["Status"] == "ACTIVE" and summary["FirstObservedAt"]
    assert region_findings.data["Truncated"] is False and region_findings.data["ObservedAt"]
    assert region_findings.evidence


def test_request_filters_sorts_oldest_first_and_stops_after_max_pages(tmp_path: Path) -> None:
    client = boto3.client("inspector2", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")
    recorder = Recorder(EvidenceStore(tmp_path))
    recorder.attach(client, ACCOUNT)
    stubber = Stubber(client)
    expected: dict[str, Any] = {
        "filterCriteria": {
            "awsAccountId": [{"comparison": "EQUALS", "value": ACCOUNT}],
            "findingStatus": [{"comparison": "EQUALS", "value": "ACTIVE"}],
            "severity": [{"comparison": "EQUALS", "value": "CRITICAL"}],
            "resourceType": [{"comparison": "EQUALS", "value": "AWS_EC2_INSTANCE"}],
        },
        "sortCriteria": {"field": "FIRST_OBSERVED_AT", "sortOrder": "ASC"},
        "maxResults": PAGE_SIZE,
    }
    for page in range(MAX_PAGES):
        params = expected | ({"nextToken": f"t{page}"} if page else {})
        stubber.add_response(
            "list_findings", {"findings": [_finding(ACCOUNT, page)], "nextToken": f"t{page + 1}"}, params
        )
    with stubber:
        api = Api(EC2_CRITICAL_FINDINGS, lambda _service: client, recorder, account_id=ACCOUNT, region=REGION)
        [region_findings] = list(EC2_CRITICAL_FINDINGS.collect(api))
    stubber.assert_no_pending_responses()
    assert len(region_findings.data["Findings"]) == MAX_PAGES and region_findings.data["Truncated"] is True
