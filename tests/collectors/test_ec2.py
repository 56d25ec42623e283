"""EC2 collectors against moto: VPCs with their private hosted zones, flow logs, default security groups,
EBS encryption by default, and running instances."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.ec2 import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord

BY_NAME = {d.name: d for d in DATASETS}


REGION = "eu-west-1"


def _collect(tmp_path: Path, name: str) -> DatasetRecord:
    dataset: Dataset = BY_NAME[name]
    provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
    return collect_dataset(provider, dataset, provider.caller().account_id, REGION)


def test_flow_logs_and_default_security_groups(tmp_path: Path) -> None:
    with mock_aws():
        boto3.client("s3", region_name=REGION).create_bucket(
            Bucket="central-flow-logs", CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        ec2 = boto3.client("ec2", region_name=REGION)
        vpc_id = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
        ec2.create_flow_logs(
            ResourceIds=[vpc_id],
            ResourceType="VPC",
            TrafficType="ALL",
            LogDestinationType="s3",
            LogDestination="arn:aws:s3:::central-flow-logs",
        )
        flow_logs = _collect(tmp_path / "fl", "ec2.flow-logs")
        groups = _collect(tmp_path / "sg", "ec2.default-security-groups")
    [flow_log] = flow_logs.items
    assert flow_log.data["ResourceId"] == vpc_id and flow_log.data["TrafficType"] == "ALL"
    assert (
        flow_log.resource_id.startswith(f"arn:aws:ec2:{REGION}:")
        and ":vpc-flow-log/fl-" in flow_log.resource_id
    )
    ours = [g for g in groups.items if g.data["VpcId"] == vpc_id]
    assert len(ours) == 1 and all(g.data["GroupName"] == "default" for g in groups.items)
    assert ours[0].data["IpPermissionsEgress"]  # AWS (and moto) create it with an allow-all outbound rule
    assert ours[0].evidence


def test_ebs_encryption_by_default(tmp_path: Path) -> None:
    with mock_aws():
        [off] = _collect(tmp_path / "off", "ec2.ebs-encryption-default").items
        boto3.client("ec2", region_name=REGION).enable_ebs_encryption_by_default()
        [on] = _collect(tmp_path / "on", "ec2.ebs-encryption-default").items
    assert off.data == {"EbsEncryptionByDefault": False}
    assert on.data == {"EbsEncryptionByDefault": True} and on.evidence
    assert on.resource_id.endswith(":ebs-encryption-by-default")


def test_vpcs_with_their_private_hosted_zones(tmp_path: Path) -> None:
    with mock_aws():
        ec2 = boto3.client("ec2", region_name=REGION)
        spoke = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
        boto3.client("route53", region_name=REGION).create_hosted_zone(
            Name=f"athena.{REGION}.amazonaws.com",
            CallerReference="central-athena",
            VPC={"VPCRegion": REGION, "VPCId": spoke},
            HostedZoneConfig={"PrivateZone": True, "Comment": "central Athena endpoint"},
        )
        record = _collect(tmp_path, "ec2.vpcs")
    by_id = {vpc.data["VpcId"]: vpc for vpc in record.items}
    assert [z["Name"] for z in by_id[spoke]["PrivateHostedZones"]] == [f"athena.{REGION}.amazonaws.com."]
    default = next(v for v in record.items if v.data.get("IsDefault"))
    assert default["PrivateHostedZones"] == [] and not default.errors


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
