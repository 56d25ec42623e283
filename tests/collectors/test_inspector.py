"""Inspector collectors: the account status against moto (Lambda scanning shows in resourceState once
activated), members, and the organization configuration, also under moto."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors import inspector
from scanner.aws.collectors.inspector import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord
from tests.collectors.harness import collect_in_moto

ACCOUNT_STATUS = next(d for d in DATASETS if d.name == "inspector.account-status")


REGION = "eu-west-1"


def test_account_status_reports_lambda_scanning(tmp_path: Path) -> None:
    with mock_aws():
        provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
        account = provider.caller().account_id
        boto3.client("inspector2", region_name=REGION).enable(accountIds=[account], resourceTypes=["LAMBDA"])
        [status] = collect_dataset(provider, ACCOUNT_STATUS, account, REGION).items
    assert status.data["resourceState"]["lambda"]["status"] == "ENABLED"
    assert status.data["resourceState"]["ec2"]["status"] == "DISABLED"


US_EAST_1 = "us-east-1"


def _collect(tmp_path: Path, dataset: Dataset, region: str = US_EAST_1) -> DatasetRecord:
    return collect_in_moto(tmp_path, dataset, region, home_region=US_EAST_1)


def test_inspector_status_and_members(tmp_path: Path) -> None:
    status_dataset, members_dataset = inspector.DATASETS[:2]
    with mock_aws():
        account = boto3.client("sts").get_caller_identity()["Account"]
        client = boto3.client("inspector2", region_name=US_EAST_1)
        client.enable(accountIds=[account], resourceTypes=["EC2", "ECR"])
        client.associate_member(accountId="444444444444")
        [status] = _collect(tmp_path / "s", status_dataset).items
        [member] = _collect(tmp_path / "m", members_dataset).items
    assert status.data["resourceState"]["ec2"]["status"] == "ENABLED"
    assert member.name == "444444444444" and member.data["relationshipStatus"] == "ENABLED"


def _dataset(module: Any, name: str) -> Dataset:
    return next(d for d in module.DATASETS if d.name == name)


def _collect_under_moto(tmp_path: Path, dataset: Dataset) -> DatasetRecord:
    provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
    return collect_dataset(provider, dataset, provider.caller().account_id, REGION)


def test_inspector_org_configuration(tmp_path: Path) -> None:
    dataset = _dataset(inspector, "inspector.org-configuration")
    with mock_aws():
        client = boto3.client("inspector2", region_name=REGION)
        client.update_organization_configuration(autoEnable={"ec2": True, "ecr": False})
        [configuration] = _collect_under_moto(tmp_path, dataset).items
    assert (
        configuration.data["autoEnable"]["ec2"] is True and configuration.data["autoEnable"]["ecr"] is False
    )
