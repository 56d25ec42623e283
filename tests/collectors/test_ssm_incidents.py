"""Incident Manager response plans. moto (5.2) has no Incident Manager (ssm-incidents), so the answers are
stubbed in their wire shape with botocore's Stubber."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
from botocore.stub import Stubber

from scanner.aws.collectors import ssm_incidents
from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import Item

[RESPONSE_PLANS] = ssm_incidents.DATASETS


REGION = "eu-west-1"


ACCOUNT = "111111111111"


PLAN = f"arn:aws:ssm-incidents::{ACCOUNT}:response-plan/sev1-security"


def _stubbed(service: str, tmp_path: Path) -> tuple[Any, Stubber, Recorder]:
    recorder = Recorder(EvidenceStore(tmp_path))
    client = boto3.client(service, region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")
    recorder.attach(client, ACCOUNT)
    return client, Stubber(client), recorder


def _collect(dataset: Dataset, client: Any, recorder: Recorder) -> list[Item]:
    api = Api(dataset, lambda _service: client, recorder, account_id=ACCOUNT, region=REGION)
    return list(dataset.collect(api))


def test_response_plans(tmp_path: Path) -> None:
    client, stubber, recorder = _stubbed("ssm-incidents", tmp_path)
    summary = {"arn": PLAN, "name": "sev1-security", "displayName": "Security incident (SEV1)"}
    stubber.add_response("list_response_plans", {"responsePlanSummaries": [summary]}, {})
    with stubber:
        [plan] = _collect(RESPONSE_PLANS, client, recorder)
    assert plan.resource_id == PLAN and plan.name == "sev1-security" and plan.evidence
