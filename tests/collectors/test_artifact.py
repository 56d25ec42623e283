"""AWS Artifact customer agreements. moto (5.2) has no Artifact, so ListCustomerAgreements is stubbed in its
wire shape with botocore's Stubber."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import boto3
from botocore.stub import Stubber

from scanner.aws.collectors.artifact import DATASETS
from scanner.aws.collectors.base import Api
from scanner.evidence import EvidenceStore, Recorder

[AGREEMENTS] = DATASETS
ACCOUNT = "111111111111"


def test_customer_agreements_across_pages(tmp_path: Path) -> None:
    client = boto3.client(
        "artifact", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    stubber = Stubber(client)
    baa = {
        "name": "AWS Organizations Business Associate Addendum",
        "arn": f"arn:aws:artifact::{ACCOUNT}:customer-agreement/customer-agreement-1",
        "id": "customer-agreement-1",
        "agreementArn": "arn:aws:artifact:::agreement/agreement-baa",
        "awsAccountId": "222222222222",
        "organizationArn": "arn:aws:organizations::222222222222:organization/o-example",
        "effectiveStart": dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
        "state": "ACTIVE",
        "type": "DEFAULT",
    }
    other = {"name": "AWS Australian Notifiable Data Breach Addendum", "id": "customer-agreement-2"}
    stubber.add_response("list_customer_agreements", {"customerAgreements": [baa], "nextToken": "t"}, {})
    stubber.add_response("list_customer_agreements", {"customerAgreements": [other]}, {"nextToken": "t"})
    recorder = Recorder(EvidenceStore(tmp_path))
    recorder.attach(client, ACCOUNT)
    api = Api(AGREEMENTS, lambda _service: client, recorder, account_id=ACCOUNT, region="global")
    with stubber:
        found = list(AGREEMENTS.collect(api))
    stubber.assert_no_pending_responses()
    assert [a.name for a in found] == [baa["name"], other["name"]]
    assert found[0].resource_id == baa["arn"] and found[0].data["state"] == "ACTIVE"
    assert found[1].resource_id == f"{ACCOUNT}/customer-agreement/customer-agreement-2"
