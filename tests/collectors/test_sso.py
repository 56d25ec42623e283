"""IAM Identity Center collector against moto (which starts every account with one instance)."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.sso import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder

[INSTANCES] = DATASETS


REGION = "eu-west-1"


def test_instances_with_permission_set_session_durations(tmp_path: Path) -> None:
    with mock_aws():
        provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
        account = provider.caller().account_id
        sso = boto3.client("sso-admin", region_name=REGION)
        instance_arn = sso.list_instances()["Instances"][0]["InstanceArn"]
        sso.create_permission_set(Name="Admin", InstanceArn=instance_arn, SessionDuration="PT12H")
        [instance] = collect_dataset(provider, INSTANCES, account, REGION).items
    assert instance.resource_id == instance_arn and instance.data["OwnerAccountId"] == account
    [admin] = instance["PermissionSets"]
    assert admin["Name"] == "Admin" and admin["SessionDuration"] == "PT12H"
    assert instance.evidence and not instance.errors
