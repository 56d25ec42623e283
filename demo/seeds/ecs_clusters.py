"""Demo: ECS cluster and service settings. tenant-a adds a private Fargate worker in a cluster with Container
Insights enhanced; tenant-b exposes a Fargate service with public IPs on platform version 1.3.0. (The `ecs`
seed's payments and legacy clusters keep Container Insights off.)

moto does not implement UpdateClusterSettings, so Container Insights is set when the cluster is created."""

from __future__ import annotations

from typing import Any

from demo.seeds._lib.network import default_network
from demo.seeds.ecs import hardened_container, registry
from demo.world import HOME, DemoWorld


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
    subnet, group = default_network(world.sessions[account])
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
