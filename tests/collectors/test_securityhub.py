"""Security Hub collectors: the hub against moto, its enabled standards, and the organization configuration.

moto (5.2) has no Security Hub GetEnabledStandards (it answers 404 "Not yet implemented"), so the standards
run through the ordinary Api against botocore Stubber wire answers; the organization configuration runs
under moto."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
from botocore.stub import Stubber
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors import securityhub
from scanner.aws.collectors.base import Api
from scanner.aws.sessions import SessionProvider
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord
from tests.collectors.harness import collect_in_moto

US_EAST_1 = "us-east-1"


def _collect(tmp_path: Path, dataset: Dataset, region: str = US_EAST_1) -> DatasetRecord:
    return collect_in_moto(tmp_path, dataset, region, home_region=US_EAST_1)


def test_security_hub_absent_then_subscribed(tmp_path: Path) -> None:
    hubs = securityhub.DATASETS[0]
    with mock_aws():
        assert _collect(tmp_path / "off", hubs).items == ()
        boto3.client("securityhub", region_name=US_EAST_1).enable_security_hub()
        [hub] = _collect(tmp_path / "on", hubs).items
    assert hub.resource_id.endswith(":hub/default") and hub["Administrator"] is None and hub.evidence


HUBS = securityhub.DATASETS[0]


REGION = "eu-west-1"


ACCOUNT = "111111111111"


HUB = f"arn:aws:securityhub:{REGION}:{ACCOUNT}:hub/default"


FSBP = f"arn:aws:securityhub:{REGION}::standards/aws-foundational-security-best-practices/v/1.0.0"


def _client(service: str, tmp_path: Path) -> tuple[Any, Recorder]:
    client = boto3.client(service, region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")
    recorder = Recorder(EvidenceStore(tmp_path))
    recorder.attach(client, ACCOUNT)
    return client, recorder


def test_hub_standards_are_collected_across_pages(tmp_path: Path) -> None:
    client, recorder = _client("securityhub", tmp_path)
    stubber = Stubber(client)
    stubber.add_response("describe_hub", {"HubArn": HUB, "SubscribedAt": "2026-01-01T00:00:00Z"}, {})
    stubber.add_response("get_administrator_account", {}, {})
    subscription = {
        "StandardsSubscriptionArn": f"arn:aws:securityhub:{REGION}:{ACCOUNT}:subscription/cis/v/1.4.0",
        "StandardsArn": FSBP.replace("aws-foundational-security-best-practices/v/1.0.0", "cis/v/1.4.0"),
        "StandardsInput": {},
        "StandardsStatus": "READY",
    }
    fsbp = {**subscription, "StandardsArn": FSBP, "StandardsStatus": "INCOMPLETE"}
    stubber.add_response(
        "get_enabled_standards", {"StandardsSubscriptions": [subscription], "NextToken": "p2"}, {}
    )
    stubber.add_response("get_enabled_standards", {"StandardsSubscriptions": [fsbp]}, {"NextToken": "p2"})
    with stubber:
        api = Api(HUBS, lambda _service: client, recorder, account_id=ACCOUNT, region=REGION)
        [hub] = list(HUBS.collect(api))
    stubber.assert_no_pending_responses()
    assert hub.resource_id == HUB and hub["Administrator"] is None
    assert [(s["StandardsArn"], s["StandardsStatus"]) for s in hub["EnabledStandards"]] == [
        (subscription["StandardsArn"], "READY"),
        (FSBP, "INCOMPLETE"),
    ]
    assert hub.evidence and not hub.errors


def test_unreadable_standards_leave_the_hub_with_an_error(tmp_path: Path) -> None:
    client, recorder = _client("securityhub", tmp_path)
    stubber = Stubber(client)
    stubber.add_response("describe_hub", {"HubArn": HUB}, {})
    stubber.add_response("get_administrator_account", {}, {})
    stubber.add_client_error("get_enabled_standards", "AccessDeniedException", http_status_code=403)
    with stubber:
        api = Api(HUBS, lambda _service: client, recorder, account_id=ACCOUNT, region=REGION)
        [hub] = list(HUBS.collect(api))
    assert "EnabledStandards" in hub.errors


def _dataset(module: Any, name: str) -> Dataset:
    return next(d for d in module.DATASETS if d.name == name)


def _collect_under_moto(tmp_path: Path, dataset: Dataset) -> DatasetRecord:
    provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
    return collect_dataset(provider, dataset, provider.caller().account_id, REGION)


def test_security_hub_org_configuration_only_in_the_administrator(tmp_path: Path) -> None:
    dataset = _dataset(securityhub, "securityhub.org-configuration")
    with mock_aws():
        boto3.client("organizations", region_name="us-east-1").create_organization(FeatureSet="ALL")
        account = boto3.client("sts").get_caller_identity()["Account"]
        client = boto3.client("securityhub", region_name=REGION)
        client.enable_security_hub()
        refused = _collect_under_moto(tmp_path / "member", dataset)
        client.enable_organization_admin_account(AdminAccountId=account)
        client.update_organization_configuration(AutoEnable=True)
        admin = _collect_under_moto(tmp_path / "admin", dataset)
    assert refused.unavailable is None and refused.items == ()
    [configuration] = admin.items
    assert configuration.resource_id == f"{account}/{REGION}" and configuration.data["AutoEnable"] is True
    assert configuration.data["OrganizationConfiguration"]["ConfigurationType"] == "LOCAL"
    assert configuration.evidence
