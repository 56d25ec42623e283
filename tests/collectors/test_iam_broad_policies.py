"""IAM broad-policy roles against moto (with the AWS managed policies installed as the demo does)."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
from moto import mock_aws

from demo.seeds.iam_privilege import install_aws_managed_policies
from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.iam_broad_policies import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder
from scanner.model import GLOBAL_REGION

[BROAD_POLICY_ROLES] = DATASETS
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
)


def test_roles_with_broad_policies_with_path_and_tags(tmp_path: Path) -> None:
    with mock_aws():
        provider = SessionProvider(boto3.Session(region_name="us-east-1"), Recorder(EvidenceStore(tmp_path)))
        account = provider.caller().account_id
        install_aws_managed_policies(account)
        iam = boto3.client("iam", region_name="us-east-1")
        iam.create_role(RoleName="quiet", AssumeRolePolicyDocument=TRUST)
        iam.create_role(
            RoleName="etl",
            Path="/workloads/",
            AssumeRolePolicyDocument=TRUST,
            Tags=[{"Key": "team", "Value": "x"}],
        )
        for policy in ("AmazonS3FullAccess", "IAMFullAccess"):
            iam.attach_role_policy(RoleName="etl", PolicyArn=f"arn:aws:iam::aws:policy/{policy}")
        [etl] = collect_dataset(provider, BROAD_POLICY_ROLES, account, GLOBAL_REGION).items
    assert etl.resource_id == f"arn:aws:iam::{account}:role/workloads/etl"
    assert etl.data["Path"] == "/workloads/" and etl.data["Tags"] == {"team": "x"}
    assert etl.data["BroadPolicies"] == ["IAMFullAccess", "AmazonS3FullAccess"]
    assert etl.evidence and not etl.errors
