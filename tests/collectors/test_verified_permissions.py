"""Verified Permissions collector with botocore's Stubber: moto (5.2) has no Verified Permissions at all, so
the answers are stubbed in their wire shape and the collector runs through the ordinary Api."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import boto3
from botocore.stub import Stubber

from scanner.aws.collectors.base import Api
from scanner.aws.collectors.verified_permissions import DATASETS
from scanner.evidence import EvidenceStore, Recorder

[POLICY_STORES] = DATASETS
REGION = "eu-west-1"
ACCOUNT = "111111111111"
STORE_ID = "PSEXAMPLEabcdefg111111"
ARN = f"arn:aws:verifiedpermissions::{ACCOUNT}:policy-store/{STORE_ID}"
WHEN = datetime(2026, 1, 1, tzinfo=UTC)
PERMIT_ALL = "permit (principal, action, resource);"


def test_policy_stores_with_settings_and_static_statements(tmp_path: Path) -> None:
    client = boto3.client(
        "verifiedpermissions", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x"
    )
    recorder = Recorder(EvidenceStore(tmp_path))
    recorder.attach(client, ACCOUNT)
    stubber = Stubber(client)
    store = {"policyStoreId": STORE_ID, "arn": ARN, "createdDate": WHEN, "description": "claims"}
    stubber.add_response("list_policy_stores", {"policyStores": [store]}, {})
    stubber.add_response(
        "get_policy_store",
        {
            "policyStoreId": STORE_ID,
            "arn": ARN,
            "validationSettings": {"mode": "STRICT"},
            "createdDate": WHEN,
            "lastUpdatedDate": WHEN,
            "deletionProtection": "ENABLED",
        },
        {"policyStoreId": STORE_ID},
    )
    common = {"policyStoreId": STORE_ID, "createdDate": WHEN, "lastUpdatedDate": WHEN}
    static = {**common, "policyId": "static1", "policyType": "STATIC", "definition": {"static": {}}}
    linked = {
        **common,
        "policyId": "linked1",
        "policyType": "TEMPLATE_LINKED",
        "definition": {"templateLinked": {"policyTemplateId": "tpl1"}},
    }
    stubber.add_response("list_policies", {"policies": [static, linked]}, {"policyStoreId": STORE_ID})
    stubber.add_response(
        "get_policy",
        {**static, "definition": {"static": {"statement": PERMIT_ALL}}},
        {"policyStoreId": STORE_ID, "policyId": "static1"},
    )
    with stubber:
        api = Api(POLICY_STORES, lambda _service: client, recorder, account_id=ACCOUNT, region=REGION)
        [item] = list(POLICY_STORES.collect(api))
    stubber.assert_no_pending_responses()
    assert item.resource_id == ARN and item.name == "claims" and not item.errors
    assert item["PolicyStore"]["validationSettings"] == {"mode": "STRICT"}
    assert item["PolicyStore"]["deletionProtection"] == "ENABLED"
    by_id = {p["policyId"]: p for p in item["Policies"]}
    assert by_id["static1"]["definition"]["static"]["statement"] == PERMIT_ALL
    assert by_id["linked1"]["definition"] == {"templateLinked": {"policyTemplateId": "tpl1"}}
    assert item.evidence
