"""ECS collectors against moto: task definition revisions (latest per family and those services run, with
secret values kept out of evidence and inventory) and container instances with their AMI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
from moto import mock_aws

from scanner.aws.collectors.ecs import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord, Inventory
from tests.collectors.harness import collect_in_moto

TASK_DEFINITIONS, CONTAINER_INSTANCES = DATASETS
REGION = "eu-west-1"
SECRET_VALUE = "hunter2-never-stored"


def _collect(tmp_path: Path, dataset: Any) -> DatasetRecord:
    return collect_in_moto(tmp_path, dataset, REGION)


def _container(**extra: Any) -> dict[str, Any]:
    return {"name": "app", "image": "app:1", "memory": 128} | extra


def test_latest_revision_of_each_family_and_revisions_services_run(tmp_path: Path) -> None:
    with mock_aws():
        ecs = boto3.client("ecs", region_name=REGION)
        assert _collect(tmp_path / "empty", TASK_DEFINITIONS).items == ()
        ecs.create_cluster(clusterName="prod")
        environment = [{"name": "DB_PASSWORD", "value": SECRET_VALUE}, {"name": "MODE", "value": "blue"}]
        old = ecs.register_task_definition(
            family="web", containerDefinitions=[_container(privileged=True, environment=environment)]
        )["taskDefinition"]["taskDefinitionArn"]
        latest = ecs.register_task_definition(family="web", containerDefinitions=[_container()])[
            "taskDefinition"
        ]["taskDefinitionArn"]
        worker = ecs.register_task_definition(family="worker", containerDefinitions=[_container()])[
            "taskDefinition"
        ]["taskDefinitionArn"]
        ecs.create_service(cluster="prod", serviceName="web", taskDefinition=old, desiredCount=1)
        record = _collect(tmp_path / "run", TASK_DEFINITIONS)
    by_arn = {i.resource_id: i for i in record.items}
    assert set(by_arn) == {old, latest, worker}
    assert by_arn[old].data["UsedByServices"] and not by_arn[old].data["LatestActiveRevision"]
    assert by_arn[latest].data["LatestActiveRevision"] and not by_arn[latest].data["UsedByServices"]
    assert by_arn[old]["TaskDefinition"]["containerDefinitions"][0]["privileged"] is True
    assert all(i.evidence and not i.errors for i in record.items)
    assert by_arn[old].name == "web:1"

    # The secret value reaches neither the evidence files nor the saved inventory; the name stays visible.
    Inventory({record.key: record}).save(tmp_path / "inventory")
    stored = [p.read_text() for p in (tmp_path / "run").glob("*.json")]
    stored += [p.read_text() for p in (tmp_path / "inventory").rglob("*.json")]
    assert stored and not any(SECRET_VALUE in text for text in stored)
    assert any("DB_PASSWORD" in text for text in stored) and any('"blue"' in text for text in stored)


def test_container_instances_with_the_ami_creation_date_and_aws_clock(tmp_path: Path) -> None:
    from moto.ec2 import utils as ec2_utils

    with mock_aws():
        ec2 = boto3.client("ec2", region_name=REGION)
        ecs = boto3.client("ecs", region_name=REGION)
        ecs.create_cluster(clusterName="prod")
        image_id = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
        instance = ec2.run_instances(ImageId=image_id, MinCount=1, MaxCount=1)["Instances"][0]
        resource = boto3.resource("ec2", region_name=REGION).Instance(instance["InstanceId"])
        document = json.dumps(ec2_utils.generate_instance_identity_document(resource))
        ecs.register_container_instance(cluster="prod", instanceIdentityDocument=document)
        record = _collect(tmp_path, CONTAINER_INSTANCES)
    [container_instance] = record.items
    assert container_instance.data["AmiId"] == image_id
    ami = container_instance["Ami"]
    assert ami["ImageId"] == image_id and ami["CreationDate"] and ami["CheckedAt"]
    assert container_instance.evidence and not container_instance.errors


def test_an_ami_that_is_gone_is_recorded_as_unknown(tmp_path: Path) -> None:
    """moto answers DescribeImages for an unknown id with InvalidAMIID.NotFound, as AWS does."""
    from scanner.aws.collectors.base import Api
    from scanner.aws.collectors.ecs import ami

    with mock_aws():
        provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
        account = provider.caller().account_id
        api = Api(
            CONTAINER_INSTANCES,
            lambda service: provider.client(None, service, REGION),
            provider.recorder,
            account_id=account,
            region=REGION,
        )
        assert ami(api, "ami-0123456789abcdef0") is None
        assert ami(api, None) is None
