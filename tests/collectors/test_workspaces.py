"""WorkSpaces collector against moto: desktops with their volume encryption flags."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collectors.workspaces import DATASETS as WORKSPACES_DATASETS
from scanner.datasets import Dataset
from scanner.inventory import DatasetRecord
from tests.collectors.harness import collect_in_moto

(DESKTOPS,) = WORKSPACES_DATASETS


REGION = "eu-west-1"


def _collect(tmp_path: Path, dataset: Dataset) -> DatasetRecord:
    return collect_in_moto(tmp_path, dataset, REGION)


def _directory() -> str:
    ec2 = boto3.client("ec2", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=f"{REGION}{zone}")[
            "Subnet"
        ]["SubnetId"]
        for i, zone in enumerate("ab")
    ]
    directory = boto3.client("ds", region_name=REGION).create_directory(
        Name="corp.example.com",
        Password="Demo-only-not-a-secret-1",
        Size="Small",
        VpcSettings={"VpcId": vpc, "SubnetIds": subnets},
    )["DirectoryId"]
    boto3.client("workspaces", region_name=REGION).register_workspace_directory(DirectoryId=directory)
    return str(directory)


def test_workspaces_with_their_volume_encryption(tmp_path: Path) -> None:
    with mock_aws():
        assert _collect(tmp_path / "none", DESKTOPS).items == ()
        directory = _directory()
        workspaces = boto3.client("workspaces", region_name=REGION)
        workspaces.create_workspaces(
            Workspaces=[
                {
                    "DirectoryId": directory,
                    "UserName": "alice",
                    "BundleId": "wsb-bundle",
                    "VolumeEncryptionKey": "alias/workspaces",
                    "RootVolumeEncryptionEnabled": True,
                    "UserVolumeEncryptionEnabled": True,
                },
                {"DirectoryId": directory, "UserName": "bob", "BundleId": "wsb-bundle"},
            ]
        )
        record = _collect(tmp_path, DESKTOPS)
    by_user = {desktop.data["UserName"]: desktop for desktop in record.items}
    assert set(by_user) == {"alice", "bob"}
    alice = by_user["alice"]
    assert alice.resource_id.startswith(f"arn:aws:workspaces:{REGION}:") and "(alice)" in alice.name
    assert alice.data["RootVolumeEncryptionEnabled"] is True and alice.data["UserVolumeEncryptionEnabled"]
    assert by_user["bob"].data.get("RootVolumeEncryptionEnabled") is not True
    assert alice.evidence and not alice.errors
