"""The account's own Systems Manager Automation documents, listed against moto."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors import ssm_runbooks
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder

[RUNBOOKS] = ssm_runbooks.DATASETS


REGION = "eu-west-1"


def test_own_automation_runbooks_under_moto(tmp_path: Path) -> None:
    """ListDocuments is implemented by moto, with the Owner and DocumentType filters."""
    content = {
        "schemaVersion": "0.3",
        "description": "Isolate an instance",
        "mainSteps": [{"name": "wait", "action": "aws:sleep", "inputs": {"Duration": "PT1S"}}],
    }
    with mock_aws():
        ssm = boto3.client("ssm", region_name=REGION)
        ssm.create_document(
            Name="Quarantine-EC2-Instance", DocumentType="Automation", Content=json.dumps(content)
        )
        provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
        record = collect_dataset(provider, RUNBOOKS, provider.caller().account_id, REGION)
    [document] = record.items
    assert document.name == "Quarantine-EC2-Instance" and document.resource_id.endswith(
        ":document/Quarantine-EC2-Instance"
    )
