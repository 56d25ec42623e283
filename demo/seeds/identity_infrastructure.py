"""Demo: identity infrastructure and sharing, passes and failures.

* Private CA: shared-services runs the hybrid-host CA (P-256, CRL published); networking stood up its own CA
  for network devices without any revocation.
* RAM: networking shares its subnets with the organization; tenant-a shares resolver rules with a partner
  account and allows external principals; tenant-b has a pending invitation from the partner (simulated).
* IAM: tenant-a's ETL role has AmazonS3FullAccess; the management account's administration role and
  tenant-b's break-glass role have AdministratorAccess by design and are tagged so.
* Security Hub: tenant-a left a critical failed control (EC2.19) open for months; tenant-b's is a week old.
* Systems Manager (simulated, moto has no fleet APIs): every running instance is an online managed node,
  patched and compliant with its associations, except tenant-a's legacy batch host (no SSM Agent) and
  shared-services' bastion (missing critical patches, a failed association); tenant-b left a hybrid
  activation open for weeks.
* Inspector: tenant-a's Lambda function is scanned; other accounts' functions are not.
* IAM Identity Center runs in the management account's home region; one permission set allows 12 hours.
* Roles Anywhere (simulated): shared-services' trust anchor has a fresh CRL and a one-hour profile;
  tenant-b's anchor has no CRL and its profile grants 12-hour sessions.
* Security Lake (simulated): administered by the security account, read by the shared-services SOC account
  and by the partner.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Mapping
from typing import Any

from demo.simulated_apis import SimulatedApis
from demo.world import DEMO_REGIONS, HOME, DemoWorld, base_image_id
from scanner.facts import BROAD_MANAGED_POLICIES

PARTNER_ACCOUNT = "210987654321"  # a vendor outside the organization


def seed(world: DemoWorld) -> None:
    _private_cas(world)
    _resource_shares(world)
    _broad_policy_roles(world)
    _security_hub_findings(world)
    _systems_manager_fleet(world)
    _inspector_lambda_scanning(world)
    _identity_center(world)
    _received_shares(world)
    _roles_anywhere(world)
    _hybrid_activations(world)
    _security_lake(world)


def _private_cas(world: DemoWorld) -> None:
    published = {"CrlConfiguration": {"Enabled": True, "S3BucketName": "shared-services-crl"}}
    for account, common_name, revocation, usage in (
        ("shared-services", "hybrid-hosts", published, "SHORT_LIVED_CERTIFICATE"),
        ("networking", "network-devices", {"CrlConfiguration": {"Enabled": False}}, "GENERAL_PURPOSE"),
    ):
        pca = world.sessions[account].client("acm-pca", region_name=HOME)
        arn = pca.create_certificate_authority(
            CertificateAuthorityConfiguration={
                "KeyAlgorithm": "EC_prime256v1",
                "SigningAlgorithm": "SHA256WITHECDSA",
                "Subject": {"CommonName": common_name},
            },
            RevocationConfiguration=revocation,
            CertificateAuthorityType="ROOT",
            UsageMode=usage,
        )["CertificateAuthorityArn"]
        # Activation installs the CA certificate; moto lets the simulation set the resulting status directly.
        pca.update_certificate_authority(CertificateAuthorityArn=arn, Status="ACTIVE")


def _resource_shares(world: DemoWorld) -> None:
    org = world.sessions["management"].client("organizations").describe_organization()["Organization"]
    world.sessions["management"].client("ram", region_name=HOME).enable_sharing_with_aws_organization()
    world.sessions["networking"].client("ram", region_name=HOME).create_resource_share(
        name="shared-subnets", principals=[org["Arn"]], allowExternalPrincipals=False
    )
    world.sessions["tenant-a"].client("ram", region_name=HOME).create_resource_share(
        name="partner-resolver-rules", principals=[PARTNER_ACCOUNT], allowExternalPrincipals=True
    )


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


def _trust(service: str) -> str:
    statement = {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def _broad_policy_roles(world: DemoWorld) -> None:
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
        ("tenant-a", "tenant-a-etl", _trust("glue.amazonaws.com"), "AmazonS3FullAccess", None),
        ("management", "organization-admin", management_admins, "AdministratorAccess", "administration"),
        ("tenant-b", "break-glass-admin", management_admins, "AdministratorAccess", "break-glass"),
    ):
        install_aws_managed_policies(world.org.account_id(account))
        iam = world.sessions[account].client("iam")
        tags = [{"Key": "controlmap:purpose", "Value": purpose}] if purpose else []
        iam.create_role(RoleName=role, AssumeRolePolicyDocument=trust, Tags=tags)
        iam.attach_role_policy(RoleName=role, PolicyArn=f"arn:aws:iam::aws:policy/{policy}")


def _critical_control_finding(account_id: str, control: str, title: str, days_open: int) -> dict[str, Any]:
    first = (dt.datetime.now(dt.UTC) - dt.timedelta(days=days_open)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "SchemaVersion": "2018-10-08",
        "Id": f"arn:aws:securityhub:{HOME}:{account_id}:security-control/{control}/finding/demo",
        "ProductArn": f"arn:aws:securityhub:{HOME}::product/aws/securityhub",
        "GeneratorId": f"security-control/{control}",
        "AwsAccountId": account_id,
        "Types": ["Software and Configuration Checks/Industry and Regulatory Standards"],
        "CreatedAt": first,
        "UpdatedAt": first,
        "FirstObservedAt": first,
        "Severity": {"Label": "CRITICAL"},
        "Title": title,
        "Description": title,
        "Resources": [{"Type": "AwsAccount", "Id": f"AWS::::Account:{account_id}"}],
        "Compliance": {"Status": "FAILED", "SecurityControlId": control},
        "RecordState": "ACTIVE",
        "Workflow": {"Status": "NOTIFIED"},
    }


def _security_hub_findings(world: DemoWorld) -> None:
    for account, control, title, days_open in (
        ("tenant-a", "EC2.19", "Security groups should not allow unrestricted access to high-risk ports", 95),
        (
            "tenant-b",
            "S3.1",
            "S3 general purpose buckets should have block public access settings enabled",
            6,
        ),
    ):
        finding = _critical_control_finding(world.org.account_id(account), control, title, days_open)
        world.sessions[account].client("securityhub", region_name=HOME).batch_import_findings(
            Findings=[finding]
        )


# Demo scenario by instance Name tag: no SSM Agent, or which compliance types are NON_COMPLIANT.
WITHOUT_AGENT = {"legacy-batch"}
NON_COMPLIANT = {"bastion": {"Patch", "Association"}}


def _systems_manager_fleet(world: DemoWorld) -> None:
    for account, names in (("tenant-a", ("web-1", "legacy-batch")), ("shared-services", ("bastion",))):
        ec2 = world.sessions[account].client("ec2", region_name=HOME)
        image = base_image_id()
        for name in names:
            tags = [{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": name}]}]
            ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, TagSpecifications=tags)
    for name, session in world.sessions.items():
        for region in DEMO_REGIONS:
            _answer_fleet(
                world.apis, world.org.account_id(name), region, session.client("ec2", region_name=region)
            )


def _running_instances(ec2: Any) -> dict[str, str]:
    """Running instance id -> Name tag, read from moto when the scan asks (instances other seeds add later
    are managed and compliant)."""
    running = ec2.describe_instances(Filters=[{"Name": "instance-state-name", "Values": ["running"]}])
    return {
        instance["InstanceId"]: {t["Key"]: t["Value"] for t in instance.get("Tags", [])}.get("Name", "")
        for reservation in running["Reservations"]
        for instance in reservation["Instances"]
    }


def _answer_fleet(apis: SimulatedApis, account: str, region: str, ec2: Any) -> None:
    def managed_nodes(_: Mapping[str, Any]) -> dict[str, Any]:
        nodes = [
            {
                "InstanceId": instance_id,
                "PingStatus": "Online",
                "ResourceType": "EC2Instance",
                "PlatformType": "Linux",
                "AgentVersion": "3.3.1142.0",
                "ComputerName": name or instance_id,
            }
            for instance_id, name in _running_instances(ec2).items()
            if name not in WITHOUT_AGENT
        ]
        return {"InstanceInformationList": nodes}

    def compliance(params: Mapping[str, Any]) -> dict[str, Any]:
        kinds = [
            v for f in params.get("Filters", []) if f.get("Key") == "ComplianceType" for v in f["Values"]
        ]
        summaries = [
            _compliance_summary(instance_id, kind, kind in NON_COMPLIANT.get(name, set()))
            for instance_id, name in _running_instances(ec2).items()
            if name not in WITHOUT_AGENT
            for kind in kinds or ["Patch", "Association"]
        ]
        return {"ResourceComplianceSummaryItems": summaries}

    apis.answer("ssm", "DescribeInstanceInformation", managed_nodes, account=account, region=region)
    apis.answer("ssm", "ListResourceComplianceSummaries", compliance, account=account, region=region)


def _compliance_summary(instance_id: str, kind: str, failing: bool) -> dict[str, Any]:
    counts = {"CriticalCount": 2, "HighCount": 5} if failing else {}
    return {
        "ComplianceType": kind,
        "ResourceType": "ManagedInstance",
        "ResourceId": instance_id,
        "Status": "NON_COMPLIANT" if failing else "COMPLIANT",
        "OverallSeverity": "CRITICAL" if failing else "UNSPECIFIED",
        "ExecutionSummary": {"ExecutionTime": dt.datetime.now(dt.UTC) - dt.timedelta(days=1)},
        "CompliantSummary": {"CompliantCount": 0 if failing else 40},
        "NonCompliantSummary": {"NonCompliantCount": 7 if failing else 0, "SeveritySummary": counts},
    }


def _inspector_lambda_scanning(world: DemoWorld) -> None:
    session = world.sessions["tenant-a"]
    role = session.client("iam").create_role(
        RoleName="invoice-renderer-execution", AssumeRolePolicyDocument=_trust("lambda.amazonaws.com")
    )["Role"]["Arn"]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as package:
        package.writestr("handler.py", "def handler(event, context):\n    return event\n")
    session.client("lambda", region_name=HOME).create_function(
        FunctionName="invoice-renderer",
        Runtime="python3.12",
        Role=role,
        Handler="handler.handler",
        Code={"ZipFile": archive.getvalue()},
    )
    # The security services seed activates EC2 and ECR scanning for every account; Lambda only here.
    session.client("inspector2", region_name=HOME).enable(
        accountIds=[world.org.account_id("tenant-a")], resourceTypes=["LAMBDA"]
    )


def _identity_center(world: DemoWorld) -> None:
    from moto.ssoadmin.models import ssoadmin_backends

    # moto starts every account and region with an instance; the organization has one, in the home region.
    for name in world.sessions:
        for region in DEMO_REGIONS:
            if (name, region) != ("management", HOME):
                ssoadmin_backends[world.org.account_id(name)][region].instances = []
    sso = world.sessions["management"].client("sso-admin", region_name=HOME)
    instance = sso.list_instances()["Instances"][0]["InstanceArn"]
    for permission_set, duration in (
        ("AdministratorAccess", "PT1H"),
        ("ReadOnly", "PT4H"),
        ("DataEngineer", "PT12H"),
    ):
        sso.create_permission_set(Name=permission_set, InstanceArn=instance, SessionDuration=duration)


def _received_shares(world: DemoWorld) -> None:
    """GetResourceShares(OTHER-ACCOUNTS) from the shares moto holds (moto answers SELF only), plus
    invitations: tenant-b's partner invitation is pending."""
    from moto.ram.models import ram_backends

    organization = world.org.organization_id
    accounts = [world.org.account_id(name) for name in world.sessions]

    def received_by(account: str, region: str) -> list[dict[str, Any]]:
        return [
            share.describe()
            for owner in accounts
            if owner != account
            for share in ram_backends[owner][region].resource_shares
            if account in share.principals or any(p.endswith(f"/{organization}") for p in share.principals)
        ]

    for account in accounts:
        for region in DEMO_REGIONS:

            def shares(
                params: Mapping[str, Any], account: str = account, region: str = region
            ) -> dict[str, Any]:
                if params.get("resourceOwner") == "OTHER-ACCOUNTS":
                    return {"resourceShares": received_by(account, region)}
                return {
                    "resourceShares": [
                        share.describe() for share in ram_backends[account][region].resource_shares
                    ]
                }

            world.apis.answer("ram", "GetResourceShares", shares, account=account, region=region)
    world.apis.answer("ram", "GetResourceShareInvitations", {"resourceShareInvitations": []})
    tenant_b = world.org.account_id("tenant-b")
    partner = f"arn:aws:ram:{HOME}:{PARTNER_ACCOUNT}"
    invitation = {
        "resourceShareInvitationArn": f"{partner}:resource-share-invitation/demo-1",
        "resourceShareName": "partner-analytics-catalog",
        "resourceShareArn": f"{partner}:resource-share/demo-1",
        "senderAccountId": PARTNER_ACCOUNT,
        "receiverAccountId": tenant_b,
        "invitationTimestamp": dt.datetime.now(dt.UTC) - dt.timedelta(days=3),
        "status": "PENDING",
    }
    world.apis.answer(
        "ram",
        "GetResourceShareInvitations",
        {"resourceShareInvitations": [invitation]},
        account=tenant_b,
        region=HOME,
    )


def _roles_anywhere(world: DemoWorld) -> None:
    now = dt.datetime.now(dt.UTC)
    world.apis.answer("rolesanywhere", "ListTrustAnchors", {"trustAnchors": []})
    world.apis.answer("rolesanywhere", "ListCrls", {"crls": []})
    world.apis.answer("rolesanywhere", "ListProfiles", {"profiles": []})
    for account, crl_age_days, duration in (("shared-services", 1, 3600), ("tenant-b", None, 43200)):
        account_id = world.org.account_id(account)
        anchor_arn = f"arn:aws:rolesanywhere:{HOME}:{account_id}:trust-anchor/{account}-hosts"
        anchor = {
            "trustAnchorId": f"{account}-hosts",
            "trustAnchorArn": anchor_arn,
            "name": f"{account}-hybrid-hosts",
            "enabled": True,
            "source": {"sourceType": "AWS_ACM_PCA"},
            "createdAt": now - dt.timedelta(days=120),
            "updatedAt": now - dt.timedelta(days=120),
        }
        world.apis.answer(
            "rolesanywhere", "ListTrustAnchors", {"trustAnchors": [anchor]}, account=account_id, region=HOME
        )
        if crl_age_days is not None:
            crl = {
                "crlId": f"{account}-crl",
                "crlArn": f"arn:aws:rolesanywhere:{HOME}:{account_id}:crl/{account}-crl",
                "name": "hybrid-hosts-ca",
                "enabled": True,
                "trustAnchorArn": anchor_arn,
                "createdAt": now - dt.timedelta(days=120),
                "updatedAt": now - dt.timedelta(days=crl_age_days),
            }
            world.apis.answer("rolesanywhere", "ListCrls", {"crls": [crl]}, account=account_id, region=HOME)
        profile = {
            "profileId": f"{account}-hosts",
            "profileArn": f"arn:aws:rolesanywhere:{HOME}:{account_id}:profile/{account}-hosts",
            "name": f"{account}-hybrid-hosts",
            "enabled": True,
            "roleArns": [f"arn:aws:iam::{account_id}:role/{account}-hybrid-host"],
            "durationSeconds": duration,
        }
        world.apis.answer(
            "rolesanywhere", "ListProfiles", {"profiles": [profile]}, account=account_id, region=HOME
        )


def _hybrid_activations(world: DemoWorld) -> None:
    now = dt.datetime.now(dt.UTC)
    world.apis.answer("ssm", "DescribeActivations", {"ActivationList": []})
    for account, age_days, registered in (("shared-services", 10, 3), ("tenant-b", 20, 1)):
        account_id = world.org.account_id(account)
        activation = {
            "ActivationId": f"{account}-datacenter",
            "Description": "on-premises build agents",
            "DefaultInstanceName": f"{account}-onprem",
            "IamRole": "service-role/AmazonEC2RunCommandRoleForManagedInstances",
            "RegistrationLimit": 3,
            "RegistrationsCount": registered,
            "CreatedDate": now - dt.timedelta(days=age_days),
            "ExpirationDate": now + dt.timedelta(days=30 - age_days),
            "Expired": False,
        }
        world.apis.answer(
            "ssm", "DescribeActivations", {"ActivationList": [activation]}, account=account_id, region=HOME
        )


def _security_lake(world: DemoWorld) -> None:
    # The security services seed registers the security account as Security Lake's delegated administrator.
    security = world.org.account_id("security")
    world.apis.answer("securitylake", "ListDataLakes", {"dataLakes": []})
    lake = {
        "dataLakeArn": f"arn:aws:securitylake:{HOME}:{security}:data-lake/default",
        "region": HOME,
        "createStatus": "COMPLETED",
        "s3BucketArn": f"arn:aws:s3:::aws-security-data-lake-{HOME}-{security}",
        "lifecycleConfiguration": {"expiration": {"days": 365}},
    }
    world.apis.answer("securitylake", "ListDataLakes", {"dataLakes": [lake]}, account=security, region=HOME)
    subscribers = [
        _subscriber(security, "soc-analytics", world.org.account_id("shared-services"), "LAKEFORMATION"),
        _subscriber(security, "mdr-partner", PARTNER_ACCOUNT, "S3"),
    ]
    world.apis.answer(
        "securitylake", "ListSubscribers", {"subscribers": subscribers}, account=security, region=HOME
    )


def _subscriber(lake_account: str, name: str, principal: str, access: str) -> dict[str, Any]:
    return {
        "subscriberId": name,
        "subscriberArn": f"arn:aws:securitylake:{HOME}:{lake_account}:subscriber/{name}",
        "subscriberName": name,
        "subscriberIdentity": {"principal": principal, "externalId": f"{name}-external-id"},
        "sources": [{"awsLogSource": {"sourceName": "CLOUD_TRAIL_MGMT", "sourceVersion": "2.0"}}],
        "accessTypes": [access],
        "subscriberStatus": "ACTIVE",
    }
