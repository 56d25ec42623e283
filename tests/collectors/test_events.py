"""EventBridge collector against moto: the rules of every bus, with cross-account targets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
from moto import mock_aws

from scanner.aws.collectors import events
from scanner.inventory import DatasetRecord
from tests.collectors.harness import collect_in_moto

REGION = "eu-west-1"


def _collect(tmp_path: Path, dataset: Any) -> DatasetRecord:
    return collect_in_moto(tmp_path, dataset, REGION, available=True)


def test_event_rules_of_every_bus_with_cross_account_targets(tmp_path: Path) -> None:
    security_bus = f"arn:aws:events:{REGION}:333333333333:event-bus/security-findings"
    with mock_aws():
        client = boto3.client("events", region_name=REGION)
        client.create_event_bus(Name="security-findings")
        client.put_rule(Name="forward", EventPattern='{"source": ["aws.guardduty"]}', State="ENABLED")
        client.put_targets(Rule="forward", Targets=[{"Id": "security", "Arn": security_bus}])
        client.put_rule(
            Name="local", EventBusName="security-findings", EventPattern='{"source": ["aws.macie"]}'
        )
        record = _collect(tmp_path, events.DATASETS[0])
    by_name = {i.name: i for i in record.items}
    assert set(by_name) == {"default/forward", "security-findings/local"}
    assert [t["Arn"] for t in by_name["default/forward"]["Targets"]] == [security_bus]
    assert by_name["security-findings/local"].data["EventBusName"] == "security-findings"
    assert by_name["security-findings/local"]["Targets"] == []
