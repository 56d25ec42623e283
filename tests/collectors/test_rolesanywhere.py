"""Roles Anywhere collectors with botocore's Stubber (moto 5.2 does not implement Roles Anywhere): trust
anchors with their own CRLs, and profiles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from botocore.stub import Stubber

from scanner.aws.collectors.rolesanywhere import DATASETS as ROLES_ANYWHERE
from scanner.datasets import Dataset
from scanner.inventory import Item
from tests.collectors.harness import collect_stubbed, stub_client

REGION = "eu-west-1"


ACCOUNT = "111111111111"


ANCHOR = f"arn:aws:rolesanywhere:{REGION}:{ACCOUNT}:trust-anchor/ta-1"


UPDATED = dt.datetime(2026, 6, 29, tzinfo=dt.UTC)


def _client(service: str) -> Any:
    return stub_client(service, REGION)


def _collect(tmp_path: Path, dataset: Dataset, client: Any, stubber: Stubber) -> list[Item]:
    return collect_stubbed(tmp_path, dataset, client, stubber, account=ACCOUNT, region=REGION)


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
