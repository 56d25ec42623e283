"""Cognito user pools (settings and MFA factors), collected against moto."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collectors.cognito import DATASETS as COGNITO_DATASETS
from scanner.inventory import DatasetRecord
from tests.collectors.harness import collect_in_moto

[USER_POOLS] = COGNITO_DATASETS


REGION = "eu-west-1"


def _collect(tmp_path: Path, dataset: object) -> DatasetRecord:
    return collect_in_moto(tmp_path, dataset, REGION)


def test_user_pools_with_settings_and_mfa_factors(tmp_path: Path) -> None:
    with mock_aws():
        assert _collect(tmp_path / "none", USER_POOLS).items == ()
        client = boto3.client("cognito-idp", region_name=REGION)
        pool = client.create_user_pool(
            PoolName="customers",
            MfaConfiguration="ON",
            UserPoolAddOns={"AdvancedSecurityMode": "ENFORCED"},
            Policies={"PasswordPolicy": {"MinimumLength": 14, "TemporaryPasswordValidityDays": 3}},
        )["UserPool"]
        client.set_user_pool_mfa_config(
            UserPoolId=pool["Id"], SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration="ON"
        )
        record = _collect(tmp_path / "one", USER_POOLS)
    [collected] = record.items
    assert collected.resource_id == pool["Arn"] and collected.name == "customers"
    assert collected["UserPool"]["MfaConfiguration"] == "ON"
    assert collected["UserPool"]["UserPoolAddOns"] == {"AdvancedSecurityMode": "ENFORCED"}
    assert collected["UserPool"]["Policies"]["PasswordPolicy"]["TemporaryPasswordValidityDays"] == 3
    assert collected["MfaConfig"]["SoftwareTokenMfaConfiguration"] == {"Enabled": True}
    assert collected.evidence and not collected.errors
