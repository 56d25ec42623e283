"""EKS cluster collector against moto: endpoint access, logging and encryptionConfig from DescribeCluster."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.eks import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord

[CLUSTERS] = DATASETS
REGION = "eu-west-1"


def _collect(tmp_path: Path) -> DatasetRecord:
    provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
    account = provider.caller().account_id
    return collect_dataset(provider, CLUSTERS, account, REGION)


def test_clusters_with_endpoint_access_logging_and_secrets_encryption(tmp_path: Path) -> None:
    with mock_aws():
        ec2 = boto3.client("ec2", region_name=REGION)
        eks = boto3.client("eks", region_name=REGION)
        assert _collect(tmp_path / "empty").items == ()
        subnet = ec2.describe_subnets()["Subnets"][0]["SubnetId"]
        account = boto3.client("sts", region_name=REGION).get_caller_identity()["Account"]
        role = f"arn:aws:iam::{account}:role/eks"
        key = f"arn:aws:kms:{REGION}:{account}:key/1234"
        eks.create_cluster(
            name="hardened",
            roleArn=role,
            resourcesVpcConfig={"subnetIds": [subnet], "endpointPublicAccess": False},
            logging={"clusterLogging": [{"types": ["audit", "authenticator"], "enabled": True}]},
            encryptionConfig=[{"resources": ["secrets"], "provider": {"keyArn": key}}],
        )
        eks.create_cluster(name="open", roleArn=role, resourcesVpcConfig={"subnetIds": [subnet]})
        record = _collect(tmp_path / "run")
    by_name = {i.name: i for i in record.items}
    hardened, open_cluster = by_name["hardened"]["Cluster"], by_name["open"]["Cluster"]
    assert hardened["ResourcesVpcConfig"]["endpointPublicAccess"] is False
    assert hardened["Logging"]["clusterLogging"][0]["types"] == ["audit", "authenticator"]
    assert hardened["EncryptionConfig"][0]["provider"]["keyArn"] == key
    assert open_cluster["EncryptionConfig"] == []
    assert by_name["open"].resource_id == f"arn:aws:eks:{REGION}:{account}:cluster/open"
    assert all(i.evidence and not i.errors for i in record.items)
