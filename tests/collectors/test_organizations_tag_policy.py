"""Each account's effective tag policy.

moto (5.2) has no Organizations DescribeEffectivePolicy (it answers 404 "Not yet implemented"), so the
collector runs through the ordinary Api against botocore Stubber wire answers."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from scanner.aws.collectors.base import Api
from scanner.aws.collectors.organizations_tag_policy import DATASETS
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import Item
from scanner.model import GLOBAL_REGION

[EFFECTIVE] = DATASETS


ACCOUNT = "111111111111"


CONTENT = json.dumps({"tags": {"bucketowner": {"tag_key": "BucketOwner", "enforced_for": ["s3:bucket"]}}})


def _stubbed(tmp_path: Path, answer: dict[str, Any] | str) -> list[Item]:
    client = boto3.client(
        "organizations", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    recorder = Recorder(EvidenceStore(tmp_path))
    recorder.attach(client, ACCOUNT)
    stubber = Stubber(client)
    if isinstance(answer, str):
        stubber.add_client_error("describe_effective_policy", answer, http_status_code=400)
    else:
        stubber.add_response("describe_effective_policy", answer, {"PolicyType": "TAG_POLICY"})
    with stubber:
        api = Api(EFFECTIVE, lambda _service: client, recorder, account_id=ACCOUNT, region=GLOBAL_REGION)
        items = list(EFFECTIVE.collect(api))
    stubber.assert_no_pending_responses()
    return items


def test_the_effective_tag_policy_of_the_calling_account(tmp_path: Path) -> None:
    updated = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    policy = {"PolicyContent": CONTENT, "LastUpdatedTimestamp": updated, "TargetId": ACCOUNT}
    [item] = _stubbed(tmp_path, {"EffectivePolicy": {**policy, "PolicyType": "TAG_POLICY"}})
    assert item.resource_id == f"{ACCOUNT}/TAG_POLICY" and item.data["PolicyContent"] == CONTENT
    assert item.evidence and not item.errors


def test_no_tag_policy_is_data_but_a_denial_is_not(tmp_path: Path) -> None:
    for code in ("EffectivePolicyNotFoundException", "AWSOrganizationsNotInUseException"):
        [item] = _stubbed(tmp_path / code, code)
        assert item.data["PolicyContent"] is None
    with pytest.raises(ClientError, match="AccessDenied"):  # the dataset becomes unavailable
        _stubbed(tmp_path / "denied", "AccessDeniedException")
