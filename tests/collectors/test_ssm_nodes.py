"""Systems Manager fleet collectors. Running instances against moto; managed nodes and compliance summaries
with botocore's Stubber, because moto 5.2 implements neither DescribeInstanceInformation nor
ListResourceComplianceSummaries."""

from __future__ import annotations

from pathlib import Path

import boto3
from botocore.stub import Stubber
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.base import Api
from scanner.aws.collectors.ec2 import DATASETS as EC2_DATASETS
from scanner.aws.collectors.ssm_nodes import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import Item

BY_NAME = {d.name: d for d in (*DATASETS, *EC2_DATASETS)}
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


def test_running_instances_only(tmp_path: Path) -> None:
    with mock_aws():
        provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
        account = provider.caller().account_id
        ec2 = boto3.client("ec2", region_name=REGION)
        image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
        running, stopped = (
            i["InstanceId"] for i in ec2.run_instances(ImageId=image, MinCount=2, MaxCount=2)["Instances"]
        )
        ec2.stop_instances(InstanceIds=[stopped])
        [instance] = collect_dataset(provider, BY_NAME["ec2.running-instances"], account, REGION).items
    assert instance.name == running and instance.data["State"] == "running"
    assert instance.resource_id == f"arn:aws:ec2:{REGION}:{account}:instance/{running}"


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
