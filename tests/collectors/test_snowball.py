"""Snowball collector with botocore's Stubber: moto (5.2) has no Snowball at all, so the answers are stubbed
in their wire shape and the collector runs through the ordinary Api."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from botocore.stub import Stubber

from scanner.aws.collectors.base import Api
from scanner.aws.collectors.snowball import DATASETS as SNOWBALL_DATASETS
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import Item
from tests.collectors.harness import stub_client

[JOBS] = SNOWBALL_DATASETS


REGION = "eu-west-1"


ACCOUNT = "111111111111"


KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/snow"


def _collect(tmp_path: Path, dataset: Dataset, client: Any) -> list[Item]:
    recorder = Recorder(EvidenceStore(tmp_path))
    recorder.attach(client, ACCOUNT)
    api = Api(dataset, lambda _service: client, recorder, account_id=ACCOUNT, region=REGION)
    return list(dataset.collect(api))


def _client(service: str) -> Any:
    return stub_client(service, REGION)


def test_snowball_jobs_with_their_key(tmp_path: Path) -> None:
    client = _client("snowball")
    stubber = Stubber(client)
    entry = {
        "JobId": "JID123e4567-e89b-12d3-a456-426655440000",
        "JobState": "InTransitToCustomer",
        "JobType": "IMPORT",
        "Description": "archive",
    }
    stubber.add_response("list_jobs", {"JobListEntries": [entry]}, {})
    metadata = {
        "JobId": "JID123e4567-e89b-12d3-a456-426655440000",
        "JobState": "InTransitToCustomer",
        "KmsKeyARN": KEY,
    }
    stubber.add_response(
        "describe_job", {"JobMetadata": metadata}, {"JobId": "JID123e4567-e89b-12d3-a456-426655440000"}
    )
    with stubber:
        [job] = _collect(tmp_path, JOBS, client)
    stubber.assert_no_pending_responses()
    assert (
        job.resource_id == f"arn:aws:snowball:{REGION}:{ACCOUNT}:job/JID123e4567-e89b-12d3-a456-426655440000"
        and job.name == "archive"
    )
    assert job["Job"]["KmsKeyARN"] == KEY and job.evidence
