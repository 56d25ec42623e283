"""KMS collector against moto: customer keys get aliases, policy and (when rotatable) rotation status."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.kms import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord

[KEYS] = DATASETS
REGION = "eu-west-1"


def _collect(tmp_path: Path) -> DatasetRecord:
    provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
    account = provider.caller().account_id
    return collect_dataset(provider, KEYS, account, REGION)


def test_keys_with_rotation_policy_and_aliases(tmp_path: Path) -> None:
    with mock_aws():
        kms = boto3.client("kms", region_name=REGION)
        symmetric = kms.create_key(Description="lake")["KeyMetadata"]["KeyId"]
        kms.enable_key_rotation(KeyId=symmetric)
        kms.create_alias(AliasName="alias/lake", TargetKeyId=symmetric)
        signing = kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
        record = _collect(tmp_path)
    keys = {k.name: k for k in record.items}
    lake = keys[symmetric]
    assert lake.resource_id.startswith(f"arn:aws:kms:{REGION}:") and lake.data["KeyRotationEnabled"] is True
    assert lake.data["Aliases"] == ["alias/lake"]
    assert json.loads(lake.data["KeyPolicy"])["Statement"]
    assert lake.data["KeyMetadata"]["KeyManager"] == "CUSTOMER" and not lake.errors and lake.evidence
    # Rotation does not exist for asymmetric keys, so it is not asked for (KMS would refuse the call).
    assert "KeyRotationEnabled" not in keys[signing].data and not keys[signing].errors
