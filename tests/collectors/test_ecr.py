"""ECR collectors against moto: repositories with lifecycle policies, the registry scanning configuration,
and scan findings of the images running services use (moto's scan always reports one fake HIGH finding)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
from moto import mock_aws

from scanner.aws.collectors.ecr import DATASETS, parse_ecr_image
from scanner.inventory import DatasetRecord
from tests.collectors.harness import collect_in_moto

REPOSITORIES, REGISTRY_SCANNING, IMAGES_IN_USE = DATASETS
REGION = "eu-west-1"
EXPIRE_UNTAGGED = json.dumps(
    {
        "rules": [
            {
                "rulePriority": 1,
                "selection": {
                    "tagStatus": "untagged",
                    "countType": "sinceImagePushed",
                    "countUnit": "days",
                    "countNumber": 14,
                },
                "action": {"type": "expire"},
            }
        ]
    }
)
MANIFEST = json.dumps(
    {
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {
            "digest": "sha256:" + "a" * 64,
            "mediaType": "application/vnd.docker.container.image.v1+json",
        },
        "layers": [],
    }
)


def _collect(tmp_path: Path, dataset: Any) -> DatasetRecord:
    return collect_in_moto(tmp_path, dataset, REGION)


def test_repositories_with_and_without_a_lifecycle_policy(tmp_path: Path) -> None:
    with mock_aws():
        ecr = boto3.client("ecr", region_name=REGION)
        ecr.create_repository(
            repositoryName="api",
            imageScanningConfiguration={"scanOnPush": True},
            imageTagMutability="IMMUTABLE",
        )
        ecr.create_repository(repositoryName="legacy")
        ecr.put_lifecycle_policy(repositoryName="api", lifecyclePolicyText=EXPIRE_UNTAGGED)
        record = _collect(tmp_path, REPOSITORIES)
    by_name = {i.name: i for i in record.items}
    assert by_name["api"].data["imageScanningConfiguration"] == {"scanOnPush": True}
    assert by_name["api"].data["imageTagMutability"] == "IMMUTABLE"
    assert by_name["api"]["LifecyclePolicy"]["lifecyclePolicyText"] == EXPIRE_UNTAGGED
    assert by_name["legacy"]["LifecyclePolicy"] is None  # LifecyclePolicyNotFoundException is data
    assert all(i.evidence and not i.errors for i in record.items)


def test_registry_scanning_configuration(tmp_path: Path) -> None:
    with mock_aws():
        assert _collect(tmp_path / "default", REGISTRY_SCANNING).items[0].data["scanningConfiguration"][
            "scanType"
        ] == ("BASIC")
        rules = [
            {
                "scanFrequency": "CONTINUOUS_SCAN",
                "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}],
            }
        ]
        boto3.client("ecr", region_name=REGION).put_registry_scanning_configuration(
            scanType="ENHANCED", rules=rules
        )
        [registry] = _collect(tmp_path / "enhanced", REGISTRY_SCANNING).items
    assert registry.data["scanningConfiguration"] == {"scanType": "ENHANCED", "rules": rules}


def test_images_in_use_with_their_scan_findings(tmp_path: Path) -> None:
    with mock_aws():
        account = boto3.client("sts", region_name=REGION).get_caller_identity()["Account"]
        ecr = boto3.client("ecr", region_name=REGION)
        ecs = boto3.client("ecs", region_name=REGION)
        for repository in ("scanned", "unscanned"):
            ecr.create_repository(repositoryName=repository)
            ecr.put_image(repositoryName=repository, imageManifest=MANIFEST, imageTag="v1")
        ecr.start_image_scan(repositoryName="scanned", imageId={"imageTag": "v1"})
        registry = f"{account}.dkr.ecr.{REGION}.amazonaws.com"
        containers = [
            {"name": "a", "image": f"{registry}/scanned:v1", "memory": 64},
            {"name": "b", "image": f"{registry}/unscanned:v1", "memory": 64},
            {"name": "c", "image": "public.ecr.aws/nginx/nginx:1", "memory": 64},
        ]
        ecs.create_cluster(clusterName="prod")
        arn = ecs.register_task_definition(family="web", containerDefinitions=containers)["taskDefinition"][
            "taskDefinitionArn"
        ]
        ecs.register_task_definition(
            family="idle", containerDefinitions=[containers[0] | {"image": "unused:1"}]
        )
        ecs.create_service(cluster="prod", serviceName="web", taskDefinition=arn, desiredCount=1)
        record = _collect(tmp_path, IMAGES_IN_USE)
    by_image = {i.name: i for i in record.items}
    assert set(by_image) == {c["image"] for c in containers}
    scanned = by_image[f"{registry}/scanned:v1"]
    assert scanned["ScanFindings"]["imageScanStatus"]["status"] == "COMPLETE"
    assert scanned["ScanFindings"]["findingSeverityCounts"] == {"HIGH": 1}
    assert scanned.data["UsedBy"] == [arn] and scanned.evidence
    assert by_image[f"{registry}/unscanned:v1"]["ScanFindings"] is None  # ScanNotFoundException is data
    outside = by_image["public.ecr.aws/nginx/nginx:1"]
    assert outside.data["Ecr"] is None and "ScanFindings" not in outside.data


def test_image_references_are_parsed_as_docker_reads_them() -> None:
    base = "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/api"
    assert parse_ecr_image(base) == {
        "registry": "123456789012",
        "region": "us-east-1",
        "repository": "team/api",
        "tag": "latest",
    }
    digest = "sha256:" + "b" * 64
    assert parse_ecr_image(f"{base}@{digest}") == {
        "registry": "123456789012",
        "region": "us-east-1",
        "repository": "team/api",
        "digest": digest,
    }
    assert parse_ecr_image(f"{base}:v2")["tag"] == "v2"  # type: ignore[index]
    assert parse_ecr_image("nginx:latest") is None
