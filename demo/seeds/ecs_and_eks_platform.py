"""Demo: container platform settings, seeded after the ecs seed (module-name order) whose payments and legacy
clusters keep Container Insights off. tenant-a adds a private Fargate worker in a cluster with Container
Insights enhanced, and a hardened EKS cluster; shared-services runs an EKS cluster limited to the office range
but without authenticator logs; tenant-b exposes a Fargate service with public IPs on platform version 1.3.0
and runs an EKS cluster with every default left open.

moto does not implement UpdateClusterSettings, so Container Insights is set when the cluster is created."""

from __future__ import annotations

from typing import Any

from demo.seeds.ecs import hardened_container, registry
from demo.world import HOME, DemoWorld

OFFICE_CIDR = "198.51.100.0/24"


def seed(world: DemoWorld) -> None:
    # Images from the tenants' own repositories (scanned), so the image checks judge them too.
    settlement = {**hardened_container(world), "name": "settlement-worker"}
    campaign = {
        "name": "campaign-site",
        "image": f"{registry(world, 'tenant-b')}/reporting:latest",
        "essential": True,
    }
    _fargate_service(world, "tenant-a", settlement, cluster="payments-batch", insights=True)
    _fargate_service(world, "tenant-b", campaign, cluster="marketing", public_ip=True)
    _hardened_eks_cluster(world)
    _office_eks_cluster(world)
    _default_eks_cluster(world)


def _default_network(world: DemoWorld, account: str) -> tuple[str, str]:
    """A subnet and the security group of the account's default VPC in the home region."""
    ec2 = world.sessions[account].client("ec2", region_name=HOME)
    vpc = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    subnet = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"][0]["SubnetId"]
    group = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["SecurityGroups"][0]
    return subnet, group["GroupId"]


def _fargate_service(
    world: DemoWorld,
    account: str,
    container: dict[str, Any],
    *,
    cluster: str,
    public_ip: bool = False,
    insights: bool = False,
) -> None:
    ecs = world.sessions[account].client("ecs", region_name=HOME)
    insights_setting = {"name": "containerInsights", "value": "enhanced" if insights else "disabled"}
    ecs.create_cluster(clusterName=cluster, settings=[insights_setting])
    subnet, group = _default_network(world, account)
    service = container["name"]
    arn = ecs.register_task_definition(
        family=service,
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu="256",
        memory="512",
        containerDefinitions=[container],
    )["taskDefinition"]["taskDefinitionArn"]
    awsvpc = {
        "subnets": [subnet],
        "securityGroups": [group],
        "assignPublicIp": "ENABLED" if public_ip else "DISABLED",
    }
    ecs.create_service(
        cluster=cluster,
        serviceName=service,
        taskDefinition=arn,
        desiredCount=1,
        launchType="FARGATE",
        # The careless service was pinned to an old platform version long ago and never moved.
        platformVersion="1.3.0" if public_ip else "LATEST",
        networkConfiguration={"awsvpcConfiguration": awsvpc},
    )


def _eks_cluster(world: DemoWorld, account: str, name: str, **settings: Any) -> None:
    subnet, group = _default_network(world, account)
    vpc_config = {"subnetIds": [subnet], "securityGroupIds": [group], **settings.pop("vpc", {})}
    world.sessions[account].client("eks", region_name=HOME).create_cluster(
        name=name,
        roleArn=f"arn:aws:iam::{world.org.account_id(account)}:role/eks-cluster",
        resourcesVpcConfig=vpc_config,
        **settings,
    )


def _hardened_eks_cluster(world: DemoWorld) -> None:
    kms = world.sessions["tenant-a"].client("kms", region_name=HOME)
    key = kms.create_key(Description="EKS secrets envelope encryption")["KeyMetadata"]["Arn"]
    _eks_cluster(
        world,
        "tenant-a",
        "payments-eks",
        vpc={"endpointPublicAccess": False, "endpointPrivateAccess": True},
        logging={"clusterLogging": [{"types": ["api", "audit", "authenticator"], "enabled": True}]},
        encryptionConfig=[{"resources": ["secrets"], "provider": {"keyArn": key}}],
    )


def _office_eks_cluster(world: DemoWorld) -> None:
    kms = world.sessions["shared-services"].client("kms", region_name=HOME)
    key = kms.create_key(Description="EKS secrets envelope encryption")["KeyMetadata"]["Arn"]
    _eks_cluster(
        world,
        "shared-services",
        "platform-tools",
        vpc={"endpointPublicAccess": True, "endpointPrivateAccess": True, "publicAccessCidrs": [OFFICE_CIDR]},
        logging={"clusterLogging": [{"types": ["audit"], "enabled": True}]},
        encryptionConfig=[{"resources": ["secrets"], "provider": {"keyArn": key}}],
    )


def _default_eks_cluster(world: DemoWorld) -> None:
    _eks_cluster(
        world,
        "tenant-b",
        "analytics",
        vpc={"endpointPublicAccess": True, "publicAccessCidrs": ["0.0.0.0/0"]},
    )
