"""Demo: roles with broad AWS managed policies. tenant-a's ETL role has AmazonS3FullAccess; the management
account's administration role and tenant-b's break-glass role have AdministratorAccess by design and are
tagged so (controlmap:purpose)."""

from __future__ import annotations

import json

from demo.seeds._lib.iam import service_trust
from demo.world import DemoWorld
from scanner.facts import BROAD_MANAGED_POLICIES


def install_aws_managed_policies(account_id: str) -> None:
    """Give moto's IAM in this account the broad AWS managed policies (moto loads AWS managed policies only
    when MOTO_IAM_LOAD_MANAGED_POLICIES is set, process-wide), so roles can have them attached."""
    from moto.iam.aws_managed_policies import aws_managed_policies_data
    from moto.iam.models import AWSManagedPolicy, iam_backends

    backend = iam_backends[account_id]["aws"]
    published = json.loads(aws_managed_policies_data)
    for name in BROAD_MANAGED_POLICIES:
        policy = AWSManagedPolicy.from_data(name, account_id, "global", published[name])
        backend.managed_policies.setdefault(policy.arn, policy)


def seed(world: DemoWorld) -> None:
    management_admins = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{world.org.account_id('management')}:root"},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
    )
    for account, role, trust, policy, purpose in (
        ("tenant-a", "tenant-a-etl", service_trust("glue.amazonaws.com"), "AmazonS3FullAccess", None),
        ("management", "organization-admin", management_admins, "AdministratorAccess", "administration"),
        ("tenant-b", "break-glass-admin", management_admins, "AdministratorAccess", "break-glass"),
    ):
        install_aws_managed_policies(world.org.account_id(account))
        iam = world.sessions[account].client("iam")
        tags = [{"Key": "controlmap:purpose", "Value": purpose}] if purpose else []
        iam.create_role(RoleName=role, AssumeRolePolicyDocument=trust, Tags=tags)
        iam.attach_role_policy(RoleName=role, PolicyArn=f"arn:aws:iam::aws:policy/{policy}")
