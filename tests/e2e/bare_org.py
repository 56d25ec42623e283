"""A bare organization in a moto server, as a user would build one: OUs, accounts, SCPs along the OU paths.

Used by the moto-server CLI test and by bench/scan_benchmark.py. Nothing of the demo is involved: the scan
meets exactly what moto implements and nothing else.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import boto3

DENY_LEAVE = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}],
}
DENY_REGIONS = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Deny",
            "NotAction": ["iam:*", "organizations:*", "sts:*"],
            "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-2"]}},
        }
    ],
}


@dataclass(frozen=True)
class BareOrg:
    management_account_id: str
    accounts: dict[str, str] = field(default_factory=dict)  # name -> account id (members only)


def build_bare_org(
    endpoint: str, members: int = 7, *, buckets: int = 0, regions: tuple[str, ...] = ()
) -> BareOrg:
    """An organization of 1 + `members` accounts under Security, Infrastructure and Workloads OUs (Workloads
    holding a Prod child OU), an SCP on the root and one on Workloads; `buckets` S3 buckets and an Athena
    workgroup per region in each member when asked."""
    session = boto3.Session(region_name="us-east-1", aws_access_key_id="bench", aws_secret_access_key="bench")
    org = session.client("organizations", endpoint_url=endpoint)
    management = org.create_organization(FeatureSet="ALL")["Organization"]["MasterAccountId"]
    root = org.list_roots()["Roots"][0]["Id"]

    def new_ou(parent: str, name: str) -> str:
        return str(org.create_organizational_unit(ParentId=parent, Name=name)["OrganizationalUnit"]["Id"])

    security, infrastructure, workloads = (
        new_ou(root, n) for n in ("Security", "Infrastructure", "Workloads")
    )
    prod = new_ou(workloads, "Prod")
    for name, document, target in (
        ("deny-leave", DENY_LEAVE, root),
        ("approved-regions", DENY_REGIONS, workloads),
    ):
        policy = org.create_policy(
            Content=json.dumps(document), Description=name, Name=name, Type="SERVICE_CONTROL_POLICY"
        )["Policy"]["PolicySummary"]["Id"]
        org.attach_policy(PolicyId=policy, TargetId=target)
    homes = [security, security, infrastructure, workloads, prod, prod, workloads]
    sts = session.client("sts", endpoint_url=endpoint)
    accounts: dict[str, str] = {}
    for index in range(members):
        name = f"acct-{index}"
        account_id = org.create_account(AccountName=name, Email=f"{name}@example.com")["CreateAccountStatus"][
            "AccountId"
        ]
        org.move_account(
            AccountId=account_id, SourceParentId=root, DestinationParentId=homes[index % len(homes)]
        )
        accounts[name] = account_id
        if not buckets and not regions:
            continue
        creds = sts.assume_role(
            RoleArn=f"arn:aws:iam::{account_id}:role/OrganizationAccountAccessRole", RoleSessionName="bench"
        )["Credentials"]
        member = boto3.Session(
            aws_access_key_id=creds["AccessKeyId"],
            aws_secret_access_key=creds["SecretAccessKey"],
            aws_session_token=creds["SessionToken"],
            region_name="us-east-1",
        )
        s3 = member.client("s3", endpoint_url=endpoint)
        for bucket in range(buckets):
            s3.create_bucket(Bucket=f"bench-{account_id}-{bucket}")
        for region in regions:
            member.client("athena", region_name=region, endpoint_url=endpoint).create_work_group(Name="wg")
    return BareOrg(management, accounts)


def scan_environment(endpoint: str, home: Path) -> dict[str, str]:
    """What a user's shell gives `controlmap scan` against a local endpoint: none of this machine's AWS setup
    (profiles, credentials files, instance metadata), dummy keys, and the endpoint."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    return env | {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
        "HOME": str(home),
        "NO_PROXY": "127.0.0.1",
    }
