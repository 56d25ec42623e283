"""The built-in demo: a simulated AWS Organization in moto, scanned with exactly the real scan code path."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import boto3

DEMO_REGIONS = ("us-east-1", "eu-west-2")
HOME = DEMO_REGIONS[0]
ROLE = "OrganizationAccountAccessRole"

# (account name, OU) in the layout of the HITRUST phased-approach reference architecture.
LAYOUT = (
    ("security", "Security"),
    ("log-archive", "Security"),
    ("networking", "Infrastructure"),
    ("shared-services", "Infrastructure"),
    ("tenant-a", "Workloads"),
    ("tenant-b", "Workloads"),
)

TLS_ONLY = "tls-only"


def tls_only_policy(bucket: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "DenyInsecureTransport",
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "s3:*",
                    "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                }
            ],
        }
    )


DENY_UNENCRYPTED_UPLOADS = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "DenyUnencryptedObjectUploads",
                "Effect": "Deny",
                "Action": "s3:PutObject",
                "Resource": "*",
                "Condition": {"Null": {"s3:x-amz-server-side-encryption": "true"}},
            }
        ],
    }
)
PROTECT_AUDIT_TRAIL = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ProtectOrganizationTrail",
                "Effect": "Deny",
                "Action": ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail"],
                "Resource": "*",
            }
        ],
    }
)


@dataclass(frozen=True)
class DemoOrg:
    management_account_id: str
    accounts: dict[str, str]  # name -> account id


def _session(credentials: dict[str, Any] | None = None) -> boto3.Session:
    if credentials is None:
        return boto3.Session(
            aws_access_key_id="demo", aws_secret_access_key="demo", aws_session_token="demo", region_name=HOME
        )
    return boto3.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
        region_name=HOME,
    )


def management_session() -> boto3.Session:
    """Credentials for the simulated management account (moto's default account)."""
    return _session()


def _assume(base: boto3.Session, account_id: str) -> boto3.Session:
    sts = base.client("sts")
    creds = sts.assume_role(RoleArn=f"arn:aws:iam::{account_id}:role/{ROLE}", RoleSessionName="demo-seed")
    return _session(creds["Credentials"])


def build_organization(base: boto3.Session) -> DemoOrg:
    """Create the organization, OUs, accounts and SCPs. Must run inside moto (never against real AWS)."""
    org = base.client("organizations")
    org.create_organization(FeatureSet="ALL")
    management = base.client("sts").get_caller_identity()["Account"]
    root_id = org.list_roots()["Roots"][0]["Id"]
    ous = {
        name: org.create_organizational_unit(ParentId=root_id, Name=name)["OrganizationalUnit"]["Id"]
        for name in ("Security", "Infrastructure", "Workloads")
    }
    accounts: dict[str, str] = {}
    for name, ou in LAYOUT:
        status = org.create_account(AccountName=name, Email=f"aws+{name}@example.com")["CreateAccountStatus"]
        account_id = status["AccountId"]
        org.move_account(AccountId=account_id, SourceParentId=root_id, DestinationParentId=ous[ou])
        phase = "application" if ou == "Workloads" else "landing-zone"
        org.tag_resource(ResourceId=account_id, Tags=[{"Key": "controlmap:phase", "Value": phase}])
        accounts[name] = account_id
    _attach_scp(org, "deny-unencrypted-s3-uploads", DENY_UNENCRYPTED_UPLOADS, ous["Workloads"])
    _attach_scp(org, "protect-organization-trail", PROTECT_AUDIT_TRAIL, root_id)
    return DemoOrg(management, accounts)


def _attach_scp(org: Any, name: str, content: str, target: str) -> None:
    policy = org.create_policy(
        Name=name, Description=f"controlmap demo: {name}", Type="SERVICE_CONTROL_POLICY", Content=content
    )["Policy"]["PolicySummary"]["Id"]
    org.attach_policy(PolicyId=policy, TargetId=target)


def seed_configuration(base: boto3.Session, demo: DemoOrg) -> None:
    """A realistic mix of good and bad configuration across the seven accounts."""
    sessions = {"management": base} | {name: _assume(base, aid) for name, aid in demo.accounts.items()}
    _seed_org_trail(sessions["management"], demo.management_account_id)
    for name, session in sessions.items():
        _seed_buckets(session, name)
        for region in DEMO_REGIONS:
            _seed_athena(session, name, region)
            _seed_vpc(session, name, region)
    _enable_root_mfa(demo, ("management", "security", "log-archive", "networking", "tenant-a"))


def _seed_org_trail(session: boto3.Session, account_id: str) -> None:
    s3 = session.client("s3")
    bucket = f"org-cloudtrail-{account_id}"
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_encryption(
        Bucket=bucket,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]
        },
    )
    s3.put_bucket_policy(Bucket=bucket, Policy=tls_only_policy(bucket))
    trail = session.client("cloudtrail")
    trail.create_trail(
        Name="organization-trail",
        S3BucketName=bucket,
        IsMultiRegionTrail=True,
        IsOrganizationTrail=True,
        EnableLogFileValidation=True,
    )
    # AWS gives a new trail an all-management-events selector; moto leaves it empty, so set it as IaC would.
    trail.put_event_selectors(
        TrailName="organization-trail",
        EventSelectors=[{"ReadWriteType": "All", "IncludeManagementEvents": True}],
    )
    trail.start_logging(Name="organization-trail")


def _seed_buckets(session: boto3.Session, name: str) -> None:
    s3 = session.client("s3")
    account_id = session.client("sts").get_caller_identity()["Account"]
    good = f"{name}-data-{account_id}"
    s3.create_bucket(Bucket=good)
    s3.put_bucket_encryption(
        Bucket=good,
        ServerSideEncryptionConfiguration={
            "Rules": [
                {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}, "BucketKeyEnabled": True}
            ]
        },
    )
    s3.put_bucket_policy(Bucket=good, Policy=tls_only_policy(good))
    s3.put_bucket_tagging(
        Bucket=good, Tagging={"TagSet": [{"Key": "data-classification", "Value": "confidential"}]}
    )
    if name in ("tenant-a", "tenant-b", "shared-services"):
        # Workload accounts keep a legacy bucket with neither default encryption nor a TLS-only policy.
        s3.create_bucket(Bucket=f"{name}-legacy-exports-{account_id}")
    if name == "tenant-b":
        results = f"{name}-athena-results-{account_id}"
        s3.create_bucket(Bucket=results)
        s3.put_bucket_encryption(
            Bucket=results,
            ServerSideEncryptionConfiguration={
                "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
            },
        )


def _seed_athena(session: boto3.Session, name: str, region: str) -> None:
    if name not in ("tenant-a", "tenant-b", "shared-services") or region != HOME:
        return
    athena = session.client("athena", region_name=region)
    athena.create_work_group(
        Name="analytics",
        Configuration={
            "ResultConfiguration": {
                "OutputLocation": f"s3://{name}-athena-results/",
                "EncryptionConfiguration": {"EncryptionOption": "SSE_KMS", "KmsKey": "alias/athena-results"},
            },
            "EnforceWorkGroupConfiguration": True,
            "PublishCloudWatchMetricsEnabled": True,
        },
    )
    if name != "tenant-a":
        athena.create_work_group(
            Name="adhoc",
            Configuration={
                "ResultConfiguration": {"OutputLocation": f"s3://{name}-adhoc/"},
                "EnforceWorkGroupConfiguration": False,
            },
        )


def _seed_vpc(session: boto3.Session, name: str, region: str) -> None:
    if name not in ("networking", "tenant-a", "tenant-b"):
        return
    ec2 = session.client("ec2", region_name=region)
    vpc_id = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    ec2.create_tags(Resources=[vpc_id], Tags=[{"Key": "Name", "Value": f"{name}-workloads"}])
    if name == "tenant-b" and region != HOME:
        return  # tenant-b's second-region VPC has no Athena endpoint: a realistic gap
    subnet = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.20.1.0/24")["Subnet"]["SubnetId"]
    ec2.create_vpc_endpoint(
        VpcId=vpc_id,
        ServiceName=f"com.amazonaws.{region}.athena",
        VpcEndpointType="Interface",
        SubnetIds=[subnet],
        PrivateDnsEnabled=True,
    )


def _enable_root_mfa(demo: DemoOrg, names: tuple[str, ...]) -> None:
    # moto has no API that turns on root MFA, so the simulation sets its account summary flag directly.
    from moto.iam.models import iam_backends

    ids = {"management": demo.management_account_id, **demo.accounts}
    for name in names:
        iam_backends[ids[name]]["aws"].account_summary._account_mfa_enabled = 1


@contextmanager
def simulated_aws() -> Iterator[None]:
    """moto in-process, with a guard that no request leaves the process."""
    from moto import mock_aws

    with mock_aws():
        yield
