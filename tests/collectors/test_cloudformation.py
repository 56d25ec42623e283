"""CloudFormation collectors against moto: stack sets with their detail and instances, and stacks."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collectors.cloudformation import DATASETS
from scanner.datasets import Dataset
from scanner.inventory import DatasetRecord
from tests.collectors.harness import collect_in_moto

STACK_SETS, STACKS = DATASETS
REGION = "eu-west-1"
TEMPLATE = json.dumps(
    {"Resources": {"Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "baseline"}}}}
)


def _collect(tmp_path: Path, dataset: Dataset) -> DatasetRecord:
    return collect_in_moto(tmp_path, dataset, REGION)


def test_stack_sets_with_detail_and_instances(tmp_path: Path) -> None:
    with mock_aws():
        assert _collect(tmp_path / "none", STACK_SETS).items == ()
        cloudformation = boto3.client("cloudformation", region_name=REGION)
        cloudformation.create_stack_set(StackSetName="baseline", TemplateBody=TEMPLATE)
        cloudformation.create_stack_instances(
            StackSetName="baseline", Accounts=["222222222222"], Regions=[REGION]
        )
        record = _collect(tmp_path, STACK_SETS)
    [stack_set] = record.items
    assert stack_set.name == "baseline" and not stack_set.errors
    assert stack_set["StackSet"]["StackSetName"] == "baseline"
    assert [i["Account"] for i in stack_set["Instances"]] == ["222222222222"]
    assert stack_set.evidence


def test_stacks_are_listed(tmp_path: Path) -> None:
    with mock_aws():
        cloudformation = boto3.client("cloudformation", region_name=REGION)
        cloudformation.create_stack(StackName="StackSet-baseline-1", TemplateBody=TEMPLATE)
        record = _collect(tmp_path, STACKS)
    [stack] = record.items
    assert stack.name == "StackSet-baseline-1" and stack.resource_id.startswith("arn:aws:cloudformation:")
