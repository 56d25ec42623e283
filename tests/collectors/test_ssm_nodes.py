"""Systems Manager fleet collectors with botocore's Stubber, because moto 5.2 implements neither
DescribeInstanceInformation, ListResourceComplianceSummaries nor DescribeActivations: managed nodes,
compliance summaries and hybrid activations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
from botocore.stub import Stubber

from scanner.aws.collectors.base import Api
from scanner.aws.collectors.ssm_nodes import DATASETS
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import Item
from tests.collectors.harness import collect_stubbed, stub_client

BY_NAME = {d.name: d for d in DATASETS}


REGION = "eu-west-1"


ACCOUNT = "111111111111"


def _stubbed(tmp_path: Path, dataset: Dataset, stubber: Stubber, client: object) -> list[Item]:
    api = Api(
        dataset, lambda _service: client, Recorder(EvidenceStore(tmp_path)), account_id=ACCOUNT, region=REGION
    )
    with stubber:
        items = list(dataset.collect(api))
    stubber.assert_no_pending_responses()
    return items


def test_managed_nodes_stubbed(tmp_path: Path) -> None:
    client = boto3.client("ssm", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")
    stubber = Stubber(client)
    stubber.add_response(
        "describe_instance_information",
        {
            "InstanceInformationList": [
                {"InstanceId": "i-0abc", "PingStatus": "Online", "ResourceType": "EC2Instance"},
                {"InstanceId": "mi-0def", "PingStatus": "ConnectionLost", "ResourceType": "ManagedInstance"},
            ]
        },
        {},
    )
    ec2_node, hybrid = _stubbed(tmp_path, BY_NAME["ssm.managed-nodes"], stubber, client)
    assert ec2_node.resource_id == f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/i-0abc"
    assert hybrid.resource_id == f"arn:aws:ssm:{REGION}:{ACCOUNT}:managed-instance/mi-0def"


def test_compliance_summaries_for_patch_and_association_stubbed(tmp_path: Path) -> None:
    client = boto3.client("ssm", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")
    stubber = Stubber(client)
    for kind, status in (("Patch", "NON_COMPLIANT"), ("Association", "COMPLIANT")):
        stubber.add_response(
            "list_resource_compliance_summaries",
            {
                "ResourceComplianceSummaryItems": [
                    {
                        "ComplianceType": kind,
                        "ResourceType": "ManagedInstance",
                        "ResourceId": "i-0abc",
                        "Status": status,
                    }
                ]
            },
            {"Filters": [{"Key": "ComplianceType", "Values": [kind], "Type": "EQUAL"}]},
        )
    patch, association = _stubbed(tmp_path, BY_NAME["ssm.compliance-summaries"], stubber, client)
    assert patch.data["Status"] == "NON_COMPLIANT" and association.data["ComplianceType"] == "Association"
    assert patch.resource_id != association.resource_id


def _client(service: str) -> Any:
    return stub_client(service, REGION)


def _collect(tmp_path: Path, dataset: Dataset, client: Any, stubber: Stubber) -> list[Item]:
    return collect_stubbed(tmp_path, dataset, client, stubber, account=ACCOUNT, region=REGION)


def test_activations(tmp_path: Path) -> None:
    client = _client("ssm")
    stubber = Stubber(client)
    activation = {
        "ActivationId": "a-1",
        "IamRole": "SSMServiceRole",
        "RegistrationLimit": 5,
        "RegistrationsCount": 1,
    }
    stubber.add_response("describe_activations", {"ActivationList": [activation]}, {})
    activations = next(d for d in DATASETS if d.name == "ssm.activations")
    [found] = _collect(tmp_path, activations, client, stubber)
    assert found.resource_id == f"arn:aws:ssm:{REGION}:{ACCOUNT}:activation/a-1" and found.data["ObservedAt"]
