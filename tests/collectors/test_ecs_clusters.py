"""ECS cluster and service collectors against moto: Container Insights settings and awsvpc network
configuration (moto returns both as AWS does)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
from moto import mock_aws

from scanner.aws.collectors.ecs_clusters import DATASETS
from scanner.inventory import DatasetRecord
from tests.collectors.harness import collect_in_moto

CLUSTERS, SERVICES = DATASETS
REGION = "eu-west-1"


def _collect(tmp_path: Path, dataset: Any) -> DatasetRecord:
    return collect_in_moto(tmp_path, dataset, REGION)


def test_clusters_with_their_container_insights_setting(tmp_path: Path) -> None:
    with mock_aws():
        ecs = boto3.client("ecs", region_name=REGION)
        assert _collect(tmp_path / "empty", CLUSTERS).items == ()
        ecs.create_cluster(
            clusterName="watched", settings=[{"name": "containerInsights", "value": "enhanced"}]
        )
        ecs.create_cluster(clusterName="dark")
        record = _collect(tmp_path / "run", CLUSTERS)
    by_name = {i.name: i for i in record.items}
    assert by_name["watched"].data["Settings"] == {"containerInsights": "enhanced"}
    assert by_name["dark"].data["Settings"] == {"containerInsights": "disabled"}
    assert by_name["dark"].resource_id.endswith(":cluster/dark")
    assert all(i.evidence and not i.errors for i in record.items)


def test_services_with_their_awsvpc_configuration(tmp_path: Path) -> None:
    with mock_aws():
        ec2 = boto3.client("ec2", region_name=REGION)
        ecs = boto3.client("ecs", region_name=REGION)
        subnet = ec2.describe_subnets()["Subnets"][0]["SubnetId"]
        group = ec2.describe_security_groups()["SecurityGroups"][0]["GroupId"]
        ecs.create_cluster(clusterName="prod")
        container = {"name": "app", "image": "app:1", "memory": 128}
        awsvpc = ecs.register_task_definition(
            family="web", networkMode="awsvpc", containerDefinitions=[container]
        )["taskDefinition"]["taskDefinitionArn"]
        bridge = ecs.register_task_definition(family="batch", containerDefinitions=[container])[
            "taskDefinition"
        ]["taskDefinitionArn"]
        public = {"subnets": [subnet], "securityGroups": [group], "assignPublicIp": "ENABLED"}
        ecs.create_service(
            cluster="prod",
            serviceName="web",
            taskDefinition=awsvpc,
            desiredCount=1,
            launchType="FARGATE",
            platformVersion="1.3.0",
            networkConfiguration={"awsvpcConfiguration": public},
        )
        ecs.create_service(cluster="prod", serviceName="batch", taskDefinition=bridge, desiredCount=1)
        record = _collect(tmp_path, SERVICES)
    by_name = {i.name: i for i in record.items}
    assert by_name["web"].data["NetworkConfiguration"]["awsvpcConfiguration"]["assignPublicIp"] == "ENABLED"
    assert by_name["web"].data["LaunchType"] == "FARGATE"
    assert by_name["web"].data["PlatformVersion"] == "1.3.0"
    assert by_name["batch"].data["NetworkConfiguration"] == {}
    assert by_name["web"].data["Cluster"].endswith(":cluster/prod")
    assert all(i.evidence and not i.errors for i in record.items)
