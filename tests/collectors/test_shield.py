"""The Shield Advanced subscription. moto (5.2) has no Shield GetSubscriptionState, DescribeDRTAccess or
DescribeEmergencyContactSettings, so those answers are stubbed in their wire shape with botocore's Stubber."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
from botocore.stub import Stubber

from scanner.aws.collectors import shield
from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import Item

[SHIELD] = shield.DATASETS


REGION = "eu-west-1"


ACCOUNT = "111111111111"


DRT_ROLE = f"arn:aws:iam::{ACCOUNT}:role/shield-drt"


def _stubbed(service: str, tmp_path: Path) -> tuple[Any, Stubber, Recorder]:
    recorder = Recorder(EvidenceStore(tmp_path))
    client = boto3.client(service, region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")
    recorder.attach(client, ACCOUNT)
    return client, Stubber(client), recorder


def _collect(dataset: Dataset, client: Any, recorder: Recorder) -> list[Item]:
    api = Api(dataset, lambda _service: client, recorder, account_id=ACCOUNT, region=REGION)
    return list(dataset.collect(api))


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
