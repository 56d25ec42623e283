"""IAM collectors against moto: the account summary (root MFA and access keys) and roles with their trust
policies, decoded."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.iam import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord
from scanner.model import GLOBAL_REGION

ACCOUNT_SUMMARY, ROLES = DATASETS
TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ],
}


def _collect(tmp_path: Path, dataset: Dataset) -> tuple[str, DatasetRecord]:
    provider = SessionProvider(boto3.Session(region_name="us-east-1"), Recorder(EvidenceStore(tmp_path)))
    account = provider.caller().account_id
    return account, collect_dataset(provider, dataset, account, GLOBAL_REGION)


def test_account_summary_is_one_root_item_with_the_mfa_and_access_key_flags(tmp_path: Path) -> None:
    with mock_aws():
        account, record = _collect(tmp_path, ACCOUNT_SUMMARY)
    [root] = record.items
    assert root.resource_id == f"arn:aws:iam::{account}:root" and root.name == "root"
    assert {"AccountMFAEnabled", "AccountAccessKeysPresent"} <= set(root.data)
    assert root.evidence and not root.errors


def test_roles_carry_their_trust_policy_as_a_document(tmp_path: Path) -> None:
    with mock_aws():
        iam = boto3.client("iam", region_name="us-east-1")
        arn = iam.create_role(RoleName="loader", AssumeRolePolicyDocument=json.dumps(TRUST))["Role"]["Arn"]
        _account, record = _collect(tmp_path, ROLES)
    [role] = [r for r in record.items if r.name == "loader"]
    assert role.resource_id == arn
    assert role.data["AssumeRolePolicyDocument"] == TRUST
    assert role.evidence and not role.errors
