"""Lambda functions collected against moto: variable names with the form of each value, never the value."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.lambda_functions import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder
from scanner.facts import EMPTY, LITERAL, SECRET_STORE_REFERENCE, value_form
from scanner.inventory import DatasetRecord

[FUNCTIONS] = DATASETS
REGION = "eu-west-1"
LAMBDA_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ],
}


def _collect(tmp_path: Path) -> DatasetRecord:
    provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
    account = provider.caller().account_id
    return collect_dataset(provider, FUNCTIONS, account, REGION)


def _code() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


def test_functions_keep_value_forms_not_values(tmp_path: Path) -> None:
    with mock_aws():
        assert _collect(tmp_path / "none").items == ()
        role = boto3.client("iam").create_role(
            RoleName="claims-api", AssumeRolePolicyDocument=json.dumps(LAMBDA_TRUST)
        )["Role"]["Arn"]
        secret_arn = f"arn:aws:secretsmanager:{REGION}:123456789012:secret:claims/db-AbCdEf"
        created = boto3.client("lambda", region_name=REGION).create_function(
            FunctionName="claims-api",
            Runtime="python3.12",
            Role=role,
            Handler="handler.handler",
            Code={"ZipFile": _code()},
            Environment={
                "Variables": {"DB_PASSWORD": "hunter2-literal", "DB_SECRET_ARN": secret_arn, "TABLE": ""}
            },
        )
        record = _collect(tmp_path / "one")
    [function] = record.items
    assert function.resource_id == created["FunctionArn"] and function.name == "claims-api"
    assert function.data["EnvironmentVariables"] == {
        "DB_PASSWORD": LITERAL,
        "DB_SECRET_ARN": SECRET_STORE_REFERENCE,
        "TABLE": EMPTY,
    }
    assert "Environment" not in function.data and not function.data.get("KMSKeyArn")
    assert "hunter2-literal" not in json.dumps(function.data, default=str)
    evidence = "".join(p.read_text() for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert "DB_PASSWORD" in evidence and "hunter2-literal" not in evidence
    assert FUNCTIONS.calls == {"ListFunctions": "lambda:ListFunctions"}


def test_value_forms() -> None:
    assert value_form("  ") == EMPTY
    assert value_form("arn:aws:ssm:us-east-1:123456789012:parameter/app/db") == SECRET_STORE_REFERENCE
    assert value_form("arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:x") == (
        SECRET_STORE_REFERENCE
    )
    assert value_form("arn:aws:s3:::bucket") == LITERAL
    assert value_form("arn:aws:ssm:us-east-1:123456789012:parameter/x and more") == LITERAL
