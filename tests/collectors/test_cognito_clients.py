"""Cognito app clients per user pool, collected against moto: auth flows kept, client secrets dropped."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.cognito_clients import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord

[APP_CLIENTS] = DATASETS
REGION = "eu-west-1"


def _collect(tmp_path: Path) -> DatasetRecord:
    provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
    account = provider.caller().account_id
    return collect_dataset(provider, APP_CLIENTS, account, REGION)


def test_app_clients_with_auth_flows_and_no_secrets(tmp_path: Path) -> None:
    with mock_aws():
        assert _collect(tmp_path / "none").items == ()
        client = boto3.client("cognito-idp", region_name=REGION)
        pool = client.create_user_pool(PoolName="customers")["UserPool"]
        secret = client.create_user_pool_client(
            UserPoolId=pool["Id"],
            ClientName="migration",
            GenerateSecret=True,
            ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        )["UserPoolClient"]["ClientSecret"]
        client.create_user_pool_client(UserPoolId=pool["Id"], ClientName="web")
        record = _collect(tmp_path / "one")
    [collected] = record.items
    assert collected.resource_id == pool["Arn"] and collected.name == "customers" and not collected.errors
    by_name = {c["ClientName"]: c for c in collected["Clients"]}
    assert by_name["migration"]["ExplicitAuthFlows"] == [
        "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
    ]
    assert "ExplicitAuthFlows" not in by_name["web"]
    assert all("ClientSecret" not in c for c in collected["Clients"])
    evidence = "".join(p.read_text() for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert "DescribeUserPoolClient" in evidence or "ExplicitAuthFlows" in evidence
    assert secret not in evidence and secret not in json.dumps(collected.data)
    assert collected.evidence
    assert set(APP_CLIENTS.calls) == {"ListUserPools", "ListUserPoolClients", "DescribeUserPoolClient"}
