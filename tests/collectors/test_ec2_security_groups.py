"""EC2 security group collectors against moto: security groups with the interfaces using them, and prefix
lists."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.ec2_security_groups import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord

SECURITY_GROUPS, PREFIX_LISTS = DATASETS


REGION = "eu-west-1"


def _collect(tmp_path: Path, dataset: Dataset = SECURITY_GROUPS) -> DatasetRecord:
    provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
    return collect_dataset(provider, dataset, provider.caller().account_id, REGION)


def test_security_groups_with_rules_and_attachments(tmp_path: Path) -> None:
    with mock_aws():
        ec2 = boto3.client("ec2", region_name=REGION)
        vpc_id = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
        subnet_id = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.9.1.0/24")["Subnet"]["SubnetId"]
        bastion = ec2.create_security_group(GroupName="bastion", Description="ssh", VpcId=vpc_id)["GroupId"]
        ec2.authorize_security_group_ingress(
            GroupId=bastion,
            IpPermissions=[
                {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
            ],
        )
        spare = ec2.create_security_group(GroupName="spare", Description="unused", VpcId=vpc_id)["GroupId"]
        eni = ec2.create_network_interface(SubnetId=subnet_id, Groups=[bastion])["NetworkInterface"]
        record = _collect(tmp_path)
    by_id = {i.data["GroupId"]: i for i in record.items}
    assert {bastion, spare} <= set(by_id)
    used = by_id[bastion]
    assert used.resource_id.endswith(f":security-group/{bastion}") and used.name == f"bastion ({bastion})"
    assert used.data["IpPermissions"][0]["FromPort"] == 22
    assert [i["NetworkInterfaceId"] for i in used.data["AttachedNetworkInterfaces"]] == [
        eni["NetworkInterfaceId"]
    ]
    assert by_id[spare].data["AttachedNetworkInterfaces"] == []
    assert used.evidence and not used.errors


def test_prefix_lists_with_entries_of_customer_managed_ones(tmp_path: Path) -> None:
    with mock_aws():
        ec2 = boto3.client("ec2", region_name=REGION)
        vendors = ec2.create_managed_prefix_list(
            PrefixListName="vendors",
            MaxEntries=5,
            AddressFamily="IPv4",
            Entries=[{"Cidr": "198.51.100.0/24"}],
        )["PrefixList"]
        record = _collect(tmp_path, PREFIX_LISTS)
    by_name = {i.name: i for i in record.items}
    ours = by_name["vendors"]
    assert ours.resource_id == vendors["PrefixListArn"]
    assert ours.data["Entries"] == [{"Cidr": "198.51.100.0/24"}] and ours.evidence
    aws_managed = by_name[f"com.amazonaws.{REGION}.s3"]
    assert aws_managed.data["OwnerId"] == "AWS" and "Entries" not in aws_managed.data
