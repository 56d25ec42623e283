"""Inspector account status against moto: Lambda scanning shows in resourceState once activated."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.inspector import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder

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
