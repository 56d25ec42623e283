"""Demo: ECR in the tenants. tenant-a's repository scans on push, has immutable tags, a lifecycle policy and
KMS encryption, and its image in use has been scanned; tenant-b's repository has none of these and its image
was never scanned."""

from __future__ import annotations

import json

from demo.world import HOME, DemoWorld

EXPIRE_UNTAGGED = json.dumps(
    {
        "rules": [
            {
                "rulePriority": 1,
                "description": "Expire untagged images after 14 days",
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


def manifest(config_digest: str) -> str:
    return json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "config": {
                "mediaType": "application/vnd.docker.container.image.v1+json",
                "size": 1469,
                "digest": config_digest,
            },
            "layers": [],
        }
    )


def seed(world: DemoWorld) -> None:
    good = world.sessions["tenant-a"].client("ecr", region_name=HOME)
    good.create_repository(
        repositoryName="payments/api",
        imageScanningConfiguration={"scanOnPush": True},
        imageTagMutability="IMMUTABLE",
        encryptionConfiguration={"encryptionType": "KMS"},
    )
    good.put_lifecycle_policy(repositoryName="payments/api", lifecyclePolicyText=EXPIRE_UNTAGGED)
    good.put_image(
        repositoryName="payments/api", imageManifest=manifest("sha256:" + "1" * 64), imageTag="1.4.2"
    )
    good.start_image_scan(repositoryName="payments/api", imageId={"imageTag": "1.4.2"})

    legacy = world.sessions["tenant-b"].client("ecr", region_name=HOME)
    legacy.create_repository(repositoryName="reporting")
    legacy.put_image(
        repositoryName="reporting", imageManifest=manifest("sha256:" + "2" * 64), imageTag="latest"
    )
