"""Demo: ECS workloads in the tenants. tenant-a runs a hardened Fargate service; tenant-b runs a legacy
EC2 service that is privileged, root, on the host network, mounting the Docker socket, with a password in
plain environment, on a container instance whose AMI is long out of date."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from demo.world import HOME, DemoWorld, base_image_id

STALE_AMI_CREATED = "2024-02-01T09:00:00.000Z"


def registry(world: DemoWorld, name: str) -> str:
    return f"{world.org.account_id(name)}.dkr.ecr.{HOME}.amazonaws.com"


def seed(world: DemoWorld) -> None:
    _hardened_fargate_service(world)
    _legacy_ec2_service(world)


def hardened_container(world: DemoWorld) -> dict[str, Any]:
    """tenant-a's container definition that passes every task check (its image is in tenant-a's ECR)."""
    return {
        "name": "api",
        "image": f"{registry(world, 'tenant-a')}/payments/api:1.4.2",
        "essential": True,
        "user": "10001:10001",
        "readonlyRootFilesystem": True,
        "logConfiguration": {
            "logDriver": "awslogs",
            "options": {
                "awslogs-group": "/ecs/payments",
                "awslogs-region": HOME,
                "awslogs-stream-prefix": "api",
            },
        },
        "healthCheck": {"command": ["CMD-SHELL", "wget -q -O- localhost:8080/health || exit 1"]},
        "environment": [{"name": "LOG_LEVEL", "value": "info"}],
        "secrets": [
            {"name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:us-east-1:000000000000:secret:db"}
        ],
        "linuxParameters": {"capabilities": {"drop": ["ALL"]}},
    }


def _hardened_fargate_service(world: DemoWorld) -> None:
    ecs = world.sessions["tenant-a"].client("ecs", region_name=HOME)
    ecs.create_cluster(clusterName="payments")
    container = hardened_container(world)
    arn = ecs.register_task_definition(
        family="payments-api",
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu="512",
        memory="1024",
        containerDefinitions=[container],
    )["taskDefinition"]["taskDefinitionArn"]
    ecs.create_service(cluster="payments", serviceName="payments-api", taskDefinition=arn, desiredCount=2)


def _legacy_ec2_service(world: DemoWorld) -> None:
    session = world.sessions["tenant-b"]
    ecs = session.client("ecs", region_name=HOME)
    ecs.create_cluster(clusterName="legacy")
    container: dict[str, Any] = {
        "name": "reporting",
        "image": f"{registry(world, 'tenant-b')}/reporting:latest",
        "memoryReservation": 256,
        "privileged": True,
        "user": "root",
        "linuxParameters": {"capabilities": {"add": ["SYS_ADMIN", "NET_ADMIN"]}},
        "environment": [{"name": "DB_PASSWORD", "value": "demo-only-not-a-real-password"}],
        "mountPoints": [{"sourceVolume": "docker", "containerPath": "/var/run/docker.sock"}],
        "logConfiguration": {"logDriver": "json-file"},
    }
    arn = ecs.register_task_definition(
        family="reporting",
        networkMode="host",
        pidMode="host",
        containerDefinitions=[container],
        volumes=[{"name": "docker", "host": {"sourcePath": "/var/run/../run/docker.sock"}}],
    )["taskDefinition"]["taskDefinitionArn"]
    ecs.create_service(cluster="legacy", serviceName="reporting", taskDefinition=arn, desiredCount=1)
    for created in (None, STALE_AMI_CREATED):  # a freshly built AMI, and one long out of date
        _register_container_instance(world, "tenant-b", "legacy", created)


def _register_container_instance(
    world: DemoWorld, account: str, cluster: str, ami_created: str | None
) -> None:
    """An EC2 instance from its own AMI, registered to the cluster as the ECS agent would. moto dates every
    AMI at its creation, so the simulation backdates the AMI when the scenario needs an old one."""
    from moto.ec2 import utils as ec2_utils
    from moto.ec2.models import ec2_backends

    session = world.sessions[account]
    ec2 = session.client("ec2", region_name=HOME)
    base = base_image_id()
    builder = ec2.run_instances(ImageId=base, MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
    image_id = ec2.create_image(InstanceId=builder, Name=f"ecs-hardened-{(ami_created or 'current')[:10]}")[
        "ImageId"
    ]
    if ami_created is not None:
        ami = ec2_backends[world.org.account_id(account)][HOME].amis[image_id]
        ami.creation_date = datetime.fromisoformat(ami_created.replace("Z", "+00:00"))
    instance_id = ec2.run_instances(ImageId=image_id, MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
    resource = session.resource("ec2", region_name=HOME).Instance(instance_id)
    document = ec2_utils.generate_instance_identity_document(resource)
    session.client("ecs", region_name=HOME).register_container_instance(
        cluster=cluster, instanceIdentityDocument=json.dumps(document)
    )
