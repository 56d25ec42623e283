"""Incident readiness collectors. moto (5.2) has no Incident Manager (ssm-incidents) and no Shield
GetSubscriptionState, DescribeDRTAccess or DescribeEmergencyContactSettings, so those answers are stubbed in
their wire shape with botocore's Stubber; Systems Manager ListDocuments runs against moto."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
from botocore.stub import Stubber
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors import shield, ssm_incidents, ssm_runbooks
from scanner.aws.collectors.base import Api
from scanner.aws.sessions import SessionProvider
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import Item

[RESPONSE_PLANS], [RUNBOOKS], [SHIELD] = ssm_incidents.DATASETS, ssm_runbooks.DATASETS, shield.DATASETS
REGION = "eu-west-1"
ACCOUNT = "111111111111"
PLAN = f"arn:aws:ssm-incidents::{ACCOUNT}:response-plan/sev1-security"
DRT_ROLE = f"arn:aws:iam::{ACCOUNT}:role/shield-drt"


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


def test_active_shield_subscription_with_drt_access_and_contacts(tmp_path: Path) -> None:
    client, stubber, recorder = _stubbed("shield", tmp_path)
    stubber.add_response("get_subscription_state", {"SubscriptionState": "ACTIVE"}, {})
    stubber.add_response("describe_drt_access", {"RoleArn": DRT_ROLE, "LogBucketList": ["alb-logs"]}, {})
    contact = {"EmailAddress": "soc@example.com"}
    stubber.add_response("describe_emergency_contact_settings", {"EmergencyContactList": [contact]}, {})
    with stubber:
        [subscription] = _collect(SHIELD, client, recorder)
    stubber.assert_no_pending_responses()
    assert subscription.resource_id == f"arn:aws:shield::{ACCOUNT}:subscription"
    assert subscription["DrtAccess"] == {"RoleArn": DRT_ROLE, "LogBucketList": ["alb-logs"]}
    assert subscription["EmergencyContacts"] == [contact] and not subscription.errors


def test_inactive_subscription_reads_nothing_more(tmp_path: Path) -> None:
    client, stubber, recorder = _stubbed("shield", tmp_path)
    stubber.add_response("get_subscription_state", {"SubscriptionState": "INACTIVE"}, {})
    with stubber:
        [subscription] = _collect(SHIELD, client, recorder)
    assert subscription.data == {"SubscriptionState": "INACTIVE"}


def test_drt_access_never_granted_is_data(tmp_path: Path) -> None:
    client, stubber, recorder = _stubbed("shield", tmp_path)
    stubber.add_response("get_subscription_state", {"SubscriptionState": "ACTIVE"}, {})
    stubber.add_client_error("describe_drt_access", "ResourceNotFoundException", "no DRT access")
    stubber.add_response("describe_emergency_contact_settings", {}, {})
    with stubber:
        [subscription] = _collect(SHIELD, client, recorder)
    assert subscription["DrtAccess"] is None and subscription["EmergencyContacts"] == []
    assert not subscription.errors


def test_own_automation_runbooks_under_moto(tmp_path: Path) -> None:
    """ListDocuments is implemented by moto, with the Owner and DocumentType filters."""
    content = {
        "schemaVersion": "0.3",
        "description": "Isolate an instance",
        "mainSteps": [{"name": "wait", "action": "aws:sleep", "inputs": {"Duration": "PT1S"}}],
    }
    with mock_aws():
        ssm = boto3.client("ssm", region_name=REGION)
        ssm.create_document(
            Name="Quarantine-EC2-Instance", DocumentType="Automation", Content=json.dumps(content)
        )
        provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
        record = collect_dataset(provider, RUNBOOKS, provider.caller().account_id, REGION)
    [document] = record.items
    assert document.name == "Quarantine-EC2-Instance" and document.resource_id.endswith(
        ":document/Quarantine-EC2-Instance"
    )
