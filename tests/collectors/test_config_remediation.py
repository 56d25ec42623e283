"""Config remediation configurations of the region's rules.

moto (5.2) has no Config DescribeRemediationConfigurations, so the collector runs through the ordinary Api
against botocore Stubber wire answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from scanner.aws.collectors.base import Api
from scanner.aws.collectors.config_remediation import DATASETS, RULE_NAMES_PER_REQUEST
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import Item

[REMEDIATIONS] = DATASETS
ACCOUNT = "111111111111"
REGION = "us-east-1"


def _rule(name: str) -> dict[str, Any]:
    return {
        "ConfigRuleName": name,
        "ConfigRuleArn": f"arn:aws:config:{REGION}:{ACCOUNT}:config-rule/config-rule-{name}",
        "Source": {"Owner": "AWS", "SourceIdentifier": "INCOMING_SSH_DISABLED"},
    }


def _remediation(rule_name: str) -> dict[str, Any]:
    return {
        "ConfigRuleName": rule_name,
        "TargetType": "SSM_DOCUMENT",
        "TargetId": "AWS-DisablePublicAccessForSecurityGroup",
        "Automatic": True,
        "Arn": f"arn:aws:config:{REGION}:{ACCOUNT}:remediation-configuration/{rule_name}/1",
    }


def _collect(tmp_path: Path, rule_names: list[str], answers: list[dict[str, Any] | str]) -> list[Item]:
    client = boto3.client("config", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")
    recorder = Recorder(EvidenceStore(tmp_path))
    recorder.attach(client, ACCOUNT)
    stubber = Stubber(client)
    stubber.add_response("describe_config_rules", {"ConfigRules": [_rule(n) for n in rule_names]}, {})
    batches = [
        rule_names[start : start + RULE_NAMES_PER_REQUEST]
        for start in range(0, len(rule_names), RULE_NAMES_PER_REQUEST)
    ]
    for batch, answer in zip(batches, answers, strict=True):
        if isinstance(answer, str):
            stubber.add_client_error("describe_remediation_configurations", answer, http_status_code=400)
        else:
            stubber.add_response("describe_remediation_configurations", answer, {"ConfigRuleNames": batch})
    with stubber:
        api = Api(REMEDIATIONS, lambda _service: client, recorder, account_id=ACCOUNT, region=REGION)
        items = list(REMEDIATIONS.collect(api))
    stubber.assert_no_pending_responses()
    return items


def test_remediations_are_read_for_every_rule_in_batches(tmp_path: Path) -> None:
    names = [f"rule-{n}" for n in range(RULE_NAMES_PER_REQUEST + 1)]
    answers: list[dict[str, Any] | str] = [
        {"RemediationConfigurations": [_remediation("rule-0")]},
        {"RemediationConfigurations": []},
    ]
    [found] = _collect(tmp_path, names, answers)
    assert found.resource_id.endswith("remediation-configuration/rule-0/1")
    assert found.data["Automatic"] is True and found.evidence and not found.errors


def test_no_rules_means_no_remediation_call(tmp_path: Path) -> None:
    assert _collect(tmp_path, [], []) == []


def test_a_denied_remediation_read_makes_the_dataset_unavailable(tmp_path: Path) -> None:
    with pytest.raises(ClientError, match="AccessDenied"):
        _collect(tmp_path, ["restricted-ssh"], ["AccessDeniedException"])
