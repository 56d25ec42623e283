"""IAM credential collectors against moto: the password policy (or its absence) and users' credentials."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from demo.seeds.iam_credentials import DEMO_PASSWORD
from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.iam_credentials import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord
from scanner.model import GLOBAL_REGION

PASSWORD_POLICY, USERS = DATASETS


def _collect(tmp_path: Path, dataset: object) -> DatasetRecord:
    provider = SessionProvider(boto3.Session(region_name="us-east-1"), Recorder(EvidenceStore(tmp_path)))
    account = provider.caller().account_id
    return collect_dataset(provider, dataset, account, GLOBAL_REGION)  # type: ignore[arg-type]


def test_password_policy_absent_is_data_and_present_is_read(tmp_path: Path) -> None:
    with mock_aws():
        [absent] = _collect(tmp_path / "none", PASSWORD_POLICY).items
        boto3.client("iam").update_account_password_policy(
            MinimumPasswordLength=14, PasswordReusePrevention=24
        )
        [present] = _collect(tmp_path / "set", PASSWORD_POLICY).items
    assert absent.data["PasswordPolicy"] is None and not absent.errors and absent.evidence
    assert present.data["PasswordPolicy"]["MinimumPasswordLength"] == 14
    assert present.resource_id.endswith(":account-password-policy")


def test_users_with_console_password_mfa_and_keys(tmp_path: Path) -> None:
    with mock_aws():
        iam = boto3.client("iam")
        iam.create_user(UserName="console")
        iam.create_login_profile(UserName="console", Password=DEMO_PASSWORD)
        serial = iam.create_virtual_mfa_device(VirtualMFADeviceName="console")["VirtualMFADevice"][
            "SerialNumber"
        ]
        iam.enable_mfa_device(
            UserName="console",
            SerialNumber=serial,
            AuthenticationCode1="123456",
            AuthenticationCode2="654321",
        )
        iam.create_user(UserName="etl")
        key_id = iam.create_access_key(UserName="etl")["AccessKey"]["AccessKeyId"]
        record = _collect(tmp_path, USERS)
    users = {u.name: u for u in record.items}
    assert users["console"].data["LoginProfile"]["UserName"] == "console"
    assert [d["SerialNumber"] for d in users["console"].data["MFADevices"]] == [serial]
    assert users["console"].data["AccessKeys"] == []
    etl = users["etl"]
    assert etl.data["LoginProfile"] is None and etl.data["MFADevices"] == []
    [key] = etl.data["AccessKeys"]
    assert key["AccessKeyId"] == key_id and key["Status"] == "Active" and "LastUsedDate" in key
    assert etl.data["CollectedAt"] and etl.evidence and not etl.errors
