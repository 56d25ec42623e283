"""Session Manager preferences against moto: the SSM-SessionManagerRunShell document's inputs when it
exists, and an item marked absent (not an error) when GetDocument answers InvalidDocument."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.ssm_sessions import DATASETS, PREFERENCES_DOCUMENT
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder

[SESSION_PREFERENCES] = DATASETS
REGION = "eu-west-1"
OTHER_REGION = "eu-west-2"


def test_preferences_are_read_and_a_missing_document_is_data(tmp_path: Path) -> None:
    with mock_aws():
        provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
        account = provider.caller().account_id
        inputs = {"s3BucketName": "session-logs", "s3EncryptionEnabled": True, "kmsKeyId": "alias/sessions"}
        content = {"schemaVersion": "1.0", "sessionType": "Standard_Stream", "inputs": inputs}
        boto3.client("ssm", region_name=REGION).create_document(
            Name=PREFERENCES_DOCUMENT,
            DocumentType="Session",
            DocumentFormat="JSON",
            Content=json.dumps(content),
        )
        [saved] = collect_dataset(provider, SESSION_PREFERENCES, account, REGION).items
        never_saved = collect_dataset(provider, SESSION_PREFERENCES, account, OTHER_REGION)
    assert saved.resource_id == f"arn:aws:ssm:{REGION}:{account}:document/{PREFERENCES_DOCUMENT}"
    assert saved.data["Exists"] is True and saved.data["Inputs"] == inputs and saved.evidence
    assert never_saved.available
    [absent] = never_saved.items
    assert absent.data == {"DocumentName": PREFERENCES_DOCUMENT, "Exists": False}
