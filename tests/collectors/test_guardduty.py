"""GuardDuty collectors against moto: detectors with their administrator, and the organization's admins."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from demo.seeds.guardduty import _administrator_account
from demo.simulated_apis import SimulatedApis
from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.guardduty import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord
from tests.collectors.harness import collect_in_moto

DETECTORS, ORG_ADMINS = DATASETS
REGION = "eu-west-1"


def _collect(tmp_path: Path, dataset: object) -> DatasetRecord:
    return collect_in_moto(tmp_path, dataset, REGION)


def _collect_detectors(tmp_path: Path) -> DatasetRecord:
    """moto answers GetAdministratorAccount with capitalised keys, which botocore ignores: the demo's
    simulated answer (which reads moto's own state) stands in for it, on this session only."""
    account = boto3.client("sts").get_caller_identity()["Account"]
    apis = SimulatedApis()
    apis.answer(
        "guardduty",
        "GetAdministratorAccount",
        _administrator_account(account, REGION),
        account=account,
        region=REGION,
    )
    session = apis.attach(boto3.Session(region_name=REGION))
    try:
        provider = SessionProvider(session, Recorder(EvidenceStore(tmp_path)))
        return collect_dataset(provider, DETECTORS, account, REGION)
    finally:
        apis.close()


def test_detectors_with_status_and_administrator(tmp_path: Path) -> None:
    from moto.guardduty.models import guardduty_backends

    with mock_aws():
        assert _collect_detectors(tmp_path / "none").items == ()
        client = boto3.client("guardduty", region_name=REGION)
        detector_id = client.create_detector(Enable=True)["DetectorId"]
        account = boto3.client("sts").get_caller_identity()["Account"]
        guardduty_backends[account][REGION].admin_account_ids = ["333333333333"]
        record = _collect_detectors(tmp_path / "one")
    [detector] = record.items
    assert detector.resource_id == f"arn:aws:guardduty:{REGION}:{account}:detector/{detector_id}"
    assert detector["Detector"]["Status"] == "ENABLED"
    assert detector["Administrator"] == {"AccountId": "333333333333", "RelationshipStatus": "Enabled"}
    assert detector.evidence and not detector.errors


def test_organization_admins(tmp_path: Path) -> None:
    with mock_aws():
        org = boto3.client("organizations", region_name="us-east-1")
        org.create_organization(FeatureSet="ALL")
        account = boto3.client("sts").get_caller_identity()["Account"]
        boto3.client("guardduty", region_name=REGION).enable_organization_admin_account(
            AdminAccountId=account
        )
        record = _collect(tmp_path, ORG_ADMINS)
    [admin] = record.items
    assert admin.name == account and admin.data["AdminStatus"] == "ENABLED"


def test_detector_features_are_collected(tmp_path: Path) -> None:
    """moto 5.2 stores and returns GetDetector `Features` as given to CreateDetector."""
    features = [
        {"Name": "EBS_MALWARE_PROTECTION", "Status": "ENABLED"},
        {"Name": "RUNTIME_MONITORING", "Status": "DISABLED"},
    ]
    with mock_aws():
        boto3.client("guardduty", region_name=REGION).create_detector(Enable=True, Features=features)
        [detector] = _collect_detectors(tmp_path).items
    assert [(f["Name"], f["Status"]) for f in detector["Detector"]["Features"]] == [
        ("EBS_MALWARE_PROTECTION", "ENABLED"),
        ("RUNTIME_MONITORING", "DISABLED"),
    ]
