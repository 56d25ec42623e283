"""Roles Anywhere, Security Lake and Systems Manager activation collectors, with botocore's Stubber: moto
5.2 implements neither Roles Anywhere nor Security Lake, nor SSM DescribeActivations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import boto3
from botocore.stub import Stubber

from scanner.aws.collectors.base import Api
from scanner.aws.collectors.rolesanywhere import DATASETS as ROLES_ANYWHERE
from scanner.aws.collectors.securitylake import DATASETS as SECURITY_LAKE
from scanner.aws.collectors.ssm_nodes import DATASETS as SSM
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import Item

REGION = "eu-west-1"
ACCOUNT = "111111111111"
ANCHOR = f"arn:aws:rolesanywhere:{REGION}:{ACCOUNT}:trust-anchor/ta-1"
UPDATED = dt.datetime(2026, 6, 29, tzinfo=dt.UTC)


def _client(service: str) -> Any:
    return boto3.client(service, region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")


def _collect(tmp_path: Path, dataset: Dataset, client: Any, stubber: Stubber) -> list[Item]:
    api = Api(
        dataset, lambda _service: client, Recorder(EvidenceStore(tmp_path)), account_id=ACCOUNT, region=REGION
    )
    with stubber:
        items = list(dataset.collect(api))
    stubber.assert_no_pending_responses()
    return items


def test_trust_anchors_carry_their_own_crls_without_crl_data(tmp_path: Path) -> None:
    client = _client("rolesanywhere")
    stubber = Stubber(client)
    stubber.add_response(
        "list_trust_anchors",
        {"trustAnchors": [{"trustAnchorArn": ANCHOR, "name": "hybrid", "enabled": True}]},
        {},
    )
    other = f"arn:aws:rolesanywhere:{REGION}:{ACCOUNT}:trust-anchor/ta-2"
    crls = [
        {"name": "ca", "enabled": True, "trustAnchorArn": ANCHOR, "updatedAt": UPDATED, "crlData": b"der"},
        {"name": "other", "enabled": True, "trustAnchorArn": other, "updatedAt": UPDATED},
    ]
    stubber.add_response("list_crls", {"crls": crls}, {})
    [anchor] = _collect(tmp_path, ROLES_ANYWHERE[0], client, stubber)
    assert anchor.resource_id == ANCHOR and anchor.data["ObservedAt"]
    assert anchor.data["Crls"] == [
        {"name": "ca", "enabled": True, "trustAnchorArn": ANCHOR, "updatedAt": UPDATED}
    ]


def test_no_trust_anchors_means_no_crl_listing(tmp_path: Path) -> None:
    client = _client("rolesanywhere")
    stubber = Stubber(client)
    stubber.add_response("list_trust_anchors", {"trustAnchors": []}, {})
    assert _collect(tmp_path, ROLES_ANYWHERE[0], client, stubber) == []


def test_profiles(tmp_path: Path) -> None:
    client = _client("rolesanywhere")
    stubber = Stubber(client)
    arn = f"arn:aws:rolesanywhere:{REGION}:{ACCOUNT}:profile/p-1"
    stubber.add_response(
        "list_profiles",
        {"profiles": [{"profileArn": arn, "name": "hosts", "enabled": True, "durationSeconds": 3600}]},
        {},
    )
    [profile] = _collect(tmp_path, ROLES_ANYWHERE[1], client, stubber)
    assert profile.resource_id == arn and profile.data["durationSeconds"] == 3600


def test_activations(tmp_path: Path) -> None:
    client = _client("ssm")
    stubber = Stubber(client)
    activation = {
        "ActivationId": "a-1",
        "IamRole": "SSMServiceRole",
        "RegistrationLimit": 5,
        "RegistrationsCount": 1,
    }
    stubber.add_response("describe_activations", {"ActivationList": [activation]}, {})
    activations = next(d for d in SSM if d.name == "ssm.activations")
    [found] = _collect(tmp_path, activations, client, stubber)
    assert found.resource_id == f"arn:aws:ssm:{REGION}:{ACCOUNT}:activation/a-1" and found.data["ObservedAt"]


def test_data_lakes_with_subscribers_and_none_where_not_enabled(tmp_path: Path) -> None:
    client = _client("securitylake")
    stubber = Stubber(client)
    lake_arn = f"arn:aws:securitylake:{REGION}:{ACCOUNT}:data-lake/default"
    stubber.add_response(
        "list_data_lakes",
        {"dataLakes": [{"dataLakeArn": lake_arn, "region": REGION, "createStatus": "COMPLETED"}]},
        {"regions": [REGION]},
    )
    subscriber = {
        "subscriberArn": f"arn:aws:securitylake:{REGION}:{ACCOUNT}:subscriber/s-1",
        "subscriberId": "s-1",
        "subscriberName": "soc",
        "subscriberIdentity": {"principal": "222222222222", "externalId": "soc-external-id"},
        "sources": [],
        "accessTypes": ["LAKEFORMATION"],
    }
    stubber.add_response("list_subscribers", {"subscribers": [subscriber]}, {})
    [lake] = _collect(tmp_path, SECURITY_LAKE[0], client, stubber)
    assert lake.resource_id == lake_arn and lake["Subscribers"][0]["subscriberName"] == "soc"
    empty_client = _client("securitylake")
    empty = Stubber(empty_client)
    empty.add_response("list_data_lakes", {"dataLakes": []}, {"regions": [REGION]})
    assert _collect(tmp_path, SECURITY_LAKE[0], empty_client, empty) == []
