"""MWAA collector. moto (5.2) has no MWAA at all, so it runs through the ordinary Api against botocore
Stubber wire answers: environments listed across pages, each with its GetEnvironment detail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
from botocore.stub import Stubber

from scanner.aws.collectors.base import Api
from scanner.aws.collectors.mwaa import DATASETS
from scanner.evidence import EvidenceStore, Recorder

[ENVIRONMENTS] = DATASETS
REGION = "eu-west-1"
ACCOUNT = "111111111111"


def _client(tmp_path: Path) -> tuple[Any, Recorder]:
    client = boto3.client("mwaa", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")
    recorder = Recorder(EvidenceStore(tmp_path))
    recorder.attach(client, ACCOUNT)
    return client, recorder


def _environment(name: str, mode: str) -> dict[str, Any]:
    return {
        "Name": name,
        "Arn": f"arn:aws:airflow:{REGION}:{ACCOUNT}:environment/{name}",
        "Status": "AVAILABLE",
        "WebserverAccessMode": mode,
        "LoggingConfiguration": {"TaskLogs": {"Enabled": True, "LogLevel": "INFO"}},
    }


def test_environments_are_listed_across_pages_with_their_detail(tmp_path: Path) -> None:
    client, recorder = _client(tmp_path)
    stubber = Stubber(client)
    stubber.add_response("list_environments", {"Environments": ["claims"], "NextToken": "p2"}, {})
    stubber.add_response("list_environments", {"Environments": ["reports"]}, {"NextToken": "p2"})
    stubber.add_response(
        "get_environment", {"Environment": _environment("claims", "PRIVATE_ONLY")}, {"Name": "claims"}
    )
    stubber.add_client_error("get_environment", "AccessDeniedException", http_status_code=403)
    with stubber:
        api = Api(ENVIRONMENTS, lambda _service: client, recorder, account_id=ACCOUNT, region=REGION)
        claims, reports = list(ENVIRONMENTS.collect(api))
    stubber.assert_no_pending_responses()
    assert claims.resource_id == f"arn:aws:airflow:{REGION}:{ACCOUNT}:environment/claims"
    assert claims["Environment"]["WebserverAccessMode"] == "PRIVATE_ONLY" and claims.evidence
    assert reports.name == "reports" and "Environment" in reports.errors
