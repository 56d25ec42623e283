"""Demo: EMR log encryption, Shield Advanced for tier-1 edge resources, Security Lake sources, EMR Studios
and the AWS Business Associate Addendum.

tenant-a's claims-etl cluster encrypts its archived logs with its own KMS key (moto 5.2 does not take
LogEncryptionKmsKeyId in RunJobFlow, so the key is set on moto's cluster record); tenant-b's legacy-hive keeps
no logs at all. tenant-a designates its claims-site distribution and claims-web load balancer tier-1 and, with
its Shield Advanced subscription, protects the distribution but not the load balancer; tenant-b designates
its legacy-portal distribution tier-1 without subscribing to Shield Advanced. The security account's Security
Lake collects the core sources of every account in the home region but has no lake in the second region.
tenant-a's EMR Studio uses IAM Identity Center, private subnets and an encrypted bucket; tenant-b's uses IAM
authentication, public subnets and an unencrypted bucket. Only security, log-archive and tenant-a accepted the
Business Associate Addendum in AWS Artifact.

Runs after `transport_and_edge_protection` (module-name order), which creates the EMR clusters and the
distributions, after `logging_and_edges`, which creates the load balancers, after `s3` and `vpc`, whose
buckets and workload VPCs the studios use, after `identity_infrastructure`, which registers the Security
Lake, and after `workload_resilience`, which registers the simulated Shield Advanced subscriptions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from checks.securitylake_coverage import REQUIRED_SOURCES
from demo.world import HOME, DemoWorld

TIER_1 = [{"Key": "controlmap:criticality", "Value": "tier-1"}]
STUDIO_CREATED = datetime(2026, 4, 14, 10, 0, tzinfo=UTC)


def seed(world: DemoWorld) -> None:
    _encrypted_emr_logs(world, "tenant-a", "claims-etl")
    tenant_a, tenant_b = world.sessions["tenant-a"], world.sessions["tenant-b"]
    claims_site = _tag_distribution_tier_one(tenant_a, "claims-site")
    _tag_load_balancer_tier_one(tenant_a, "claims-web")
    tenant_a.client("shield", region_name=HOME).create_protection(
        Name="claims-site-edge", ResourceArn=claims_site
    )
    _tag_distribution_tier_one(tenant_b, "legacy-portal")
    _security_lake_sources(world)
    _emr_studios(world)
    _artifact_agreements(world)


def _encrypted_emr_logs(world: DemoWorld, account_name: str, cluster_name: str) -> None:
    from moto.emr.models import emr_backends

    session = world.sessions[account_name]
    key = session.client("kms", region_name=HOME).create_key(Description=f"EMR logs of {cluster_name}")
    account = world.org.account_id(account_name)
    clusters = emr_backends[account][HOME].clusters.values()
    [cluster] = [c for c in clusters if c.name == cluster_name]
    # moto serialises DescribeCluster from the record's attributes, so the new one is answered as the field.
    setattr(cluster, "log_encryption_kms_key_id", key["KeyMetadata"]["Arn"])  # noqa: B010 - not in moto's model


def _tag_distribution_tier_one(session: Any, comment: str) -> str:
    """Tag the distribution created with this comment tier-1; its ARN."""
    cloudfront = session.client("cloudfront", region_name=HOME)
    summaries = cloudfront.list_distributions()["DistributionList"].get("Items") or []
    [arn] = [d["ARN"] for d in summaries if d.get("Comment") == comment]
    cloudfront.tag_resource(Resource=arn, Tags={"Items": TIER_1})
    return str(arn)


def _tag_load_balancer_tier_one(session: Any, name: str) -> None:
    elb = session.client("elbv2", region_name=HOME)
    arn = elb.describe_load_balancers(Names=[name])["LoadBalancers"][0]["LoadBalancerArn"]
    elb.add_tags(ResourceArns=[arn], Tags=TIER_1)


def _security_lake_sources(world: DemoWorld) -> None:
    """The security account's data lake (home region only, registered by `identity_infrastructure`) collects
    the core sources of every account; it has no lake in the second region."""
    security = world.org.account_id("security")
    accounts = sorted({world.org.management_account_id, *world.org.accounts.values()})
    listed = [{"awsLogSource": {"sourceName": name, "sourceVersion": "2.0"}} for name in REQUIRED_SOURCES]
    entries = [{"account": account, "region": HOME, "sources": listed} for account in accounts]
    world.apis.answer("securitylake", "ListLogSources", {"sources": entries}, account=security, region=HOME)


def _studio_network(session: Any, account_name: str, *, public: bool) -> tuple[str, list[str]]:
    """(VPC id, two subnet ids) for a studio: the account's workload VPC (created by `vpc`, no internet
    gateway), or with `public` its default VPC, given the internet gateway route real default VPCs have."""
    ec2 = session.client("ec2", region_name=HOME)
    if public:
        [vpc] = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]
        gateway = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
        ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=vpc["VpcId"])
        main = {"Name": "association.main", "Values": ["true"]}
        in_vpc = {"Name": "vpc-id", "Values": [vpc["VpcId"]]}
        [table] = ec2.describe_route_tables(Filters=[in_vpc, main])["RouteTables"]
        ec2.create_route(
            RouteTableId=table["RouteTableId"], DestinationCidrBlock="0.0.0.0/0", GatewayId=gateway
        )
    else:
        named = {"Name": "tag:Name", "Values": [f"{account_name}-workloads"]}
        [vpc] = ec2.describe_vpcs(Filters=[named])["Vpcs"]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"]
    return str(vpc["VpcId"]), sorted(s["SubnetId"] for s in subnets)[:2]


def _emr_studios(world: DemoWorld) -> None:
    """tenant-a's claims studio signs in through IAM Identity Center, runs in private subnets and keeps
    notebooks in its KMS-encrypted data bucket; tenant-b's ad-hoc studio uses IAM authentication in public
    subnets and an unencrypted bucket. (moto 5.2 has no EMR Studio: the studios are simulated answers; their
    VPCs, subnets, route tables and buckets are moto's.)"""
    world.apis.answer("emr", "ListStudios", {"Studios": []})
    for name, studio_name, sso in (("tenant-a", "claims-studio", True), ("tenant-b", "adhoc-studio", False)):
        session, account = world.sessions[name], world.org.account_id(name)
        vpc, subnets = _studio_network(session, name, public=not sso)
        # The `s3` seed's buckets: tenant-a's KMS-encrypted data bucket, tenant-b's unencrypted legacy one.
        bucket = f"{name}-data-{account}" if sso else f"{name}-legacy-exports-{account}"
        location = f"s3://{bucket}/emr-studio/"
        studio_id = f"es-{studio_name.upper().replace('-', '')}"
        studio = {
            "StudioId": studio_id,
            "StudioArn": f"arn:aws:elasticmapreduce:{HOME}:{account}:studio/{studio_id}",
            "Name": studio_name,
            "AuthMode": "SSO" if sso else "IAM",
            "VpcId": vpc,
            "SubnetIds": subnets,
            "ServiceRole": f"arn:aws:iam::{account}:role/EMRStudio_Service_Role",
            "WorkspaceSecurityGroupId": "sg-0studioworkspace",
            "EngineSecurityGroupId": "sg-0studioengine",
            "Url": f"https://{studio_id.lower()}.emrstudio-prod.{HOME}.amazonaws.com",
            "CreationTime": STUDIO_CREATED,
            "DefaultS3Location": location,
        }
        summary = {k: studio[k] for k in ("StudioId", "Name", "VpcId", "Url", "AuthMode", "CreationTime")}
        world.apis.answer("emr", "ListStudios", {"Studios": [summary]}, account=account, region=HOME)
        world.apis.answer("emr", "DescribeStudio", {"Studio": studio}, account=account, region=HOME)


# The accounts that accepted the account Business Associate Addendum; the management account never accepted
# the organization one, so the other accounts have none.
WITH_ACCOUNT_BAA = ("security", "log-archive", "tenant-a")
BAA_ACCEPTED = datetime(2026, 1, 12, 16, 45, tzinfo=UTC)


def _artifact_agreements(world: DemoWorld) -> None:
    """AWS Artifact's customer agreements (moto 5.2 has no Artifact: simulated answers)."""
    world.apis.answer("artifact", "ListCustomerAgreements", {"customerAgreements": []})
    for name in WITH_ACCOUNT_BAA:
        account = world.org.account_id(name)
        baa = {
            "name": "AWS Business Associate Addendum",
            "arn": f"arn:aws:artifact::{account}:customer-agreement/customer-agreement-baa-{account}",
            "id": f"customer-agreement-baa-{account}",
            "agreementArn": "arn:aws:artifact:::agreement/agreement-baa",
            "awsAccountId": account,
            "effectiveStart": BAA_ACCEPTED,
            "state": "ACTIVE",
            "type": "DEFAULT",
            "description": "Business Associate Addendum for HIPAA accounts",
        }
        world.apis.answer(
            "artifact", "ListCustomerAgreements", {"customerAgreements": [baa]}, account=account
        )
