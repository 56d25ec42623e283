"""FIS collectors against moto (5.2 implements templates, StartExperiment and the experiment lifecycle):
templates with their stop conditions, and experiments with their state, creation time and read time."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.fis import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord

TEMPLATES, EXPERIMENTS = DATASETS
REGION = "eu-west-1"


def _collect(tmp_path: Path, dataset: Dataset) -> DatasetRecord:
    provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
    record = collect_dataset(provider, dataset, provider.caller().account_id, REGION)
    assert record.available, record.unavailable
    return record


def test_templates_with_stop_conditions_and_experiments(tmp_path: Path) -> None:
    with mock_aws():
        fis = boto3.client("fis", region_name=REGION)
        alarm = f"arn:aws:cloudwatch:{REGION}:123456789012:alarm:checkout-5xx"
        template = fis.create_experiment_template(
            clientToken="t1",
            description="stop one task",
            roleArn="arn:aws:iam::123456789012:role/fis",
            stopConditions=[{"source": "aws:cloudwatch:alarm", "value": alarm}],
            actions={"stop": {"actionId": "aws:ecs:stop-task", "targets": {"Tasks": "tasks"}}},
            targets={
                "tasks": {
                    "resourceType": "aws:ecs:task",
                    "resourceArns": ["arn:aws:ecs:eu-west-1:123456789012:task/c/t"],
                    "selectionMode": "ALL",
                }
            },
            tags={"Name": "checkout-game-day"},
        )["experimentTemplate"]
        fis.start_experiment(clientToken="e1", experimentTemplateId=template["id"])
        [collected_template] = _collect(tmp_path / "templates", TEMPLATES).items
        [experiment] = _collect(tmp_path / "experiments", EXPERIMENTS).items
    assert collected_template.name == "checkout-game-day"
    assert collected_template["Template"]["stopConditions"] == [
        {"source": "aws:cloudwatch:alarm", "value": alarm}
    ]
    assert experiment.data["experimentTemplateId"] == template["id"]
    assert (
        experiment.data["state"]["status"]
        and experiment.data["creationTime"]
        and experiment.data["CollectedAt"]
    )
