"""Macie collectors: the session and delegated administrator against moto, and the organization
configuration.

moto (5.2) has no Macie DescribeOrganizationConfiguration (it answers 404 "Not yet implemented"), so that runs
through the ordinary Api against botocore Stubber wire answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
from botocore.stub import Stubber
from moto import mock_aws

from scanner.aws.collectors import macie
from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord
from tests.collectors.harness import collect_in_moto

US_EAST_1 = "us-east-1"


def _collect(tmp_path: Path, dataset: Dataset, region: str = US_EAST_1) -> DatasetRecord:
    return collect_in_moto(tmp_path, dataset, region, home_region=US_EAST_1)


def test_macie_session_and_delegated_admin(tmp_path: Path) -> None:
    sessions = macie.DATASETS[0]
    with mock_aws():
        client = boto3.client("macie2", region_name=US_EAST_1)
        client.disable_macie()
        assert _collect(tmp_path / "off", sessions).items == ()
        client.enable_macie(status="PAUSED")
        [session] = _collect(tmp_path / "paused", sessions).items
    assert session.data["status"] == "PAUSED" and session["Administrator"] is None


REGION = "eu-west-1"


ACCOUNT = "111111111111"


def _client(service: str, tmp_path: Path) -> tuple[Any, Recorder]:
    client = boto3.client(service, region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")
    recorder = Recorder(EvidenceStore(tmp_path))
    recorder.attach(client, ACCOUNT)
    return client, recorder


def _dataset(module: Any, name: str) -> Dataset:
    return next(d for d in module.DATASETS if d.name == name)


def test_macie_org_configuration_in_the_administrator_and_refused_elsewhere(tmp_path: Path) -> None:
    dataset = _dataset(macie, "macie.org-configuration")
    client, recorder = _client("macie2", tmp_path)
    stubber = Stubber(client)
    stubber.add_response(
        "describe_organization_configuration", {"autoEnable": True, "maxAccountLimitReached": False}, {}
    )
    stubber.add_client_error(
        "describe_organization_configuration", "AccessDeniedException", http_status_code=403
    )
    with stubber:
        api = Api(dataset, lambda _service: client, recorder, account_id=ACCOUNT, region=REGION)
        [configuration] = list(dataset.collect(api))
        refused = list(dataset.collect(api))
    stubber.assert_no_pending_responses()
    assert configuration.resource_id == f"{ACCOUNT}/{REGION}" and configuration.data["autoEnable"] is True
    assert refused == []
