"""ECR: repositories with their lifecycle policy, the registry's scanning configuration, and the scan findings
of the images running services use."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.aws.collectors.ecs import SERVICE_CALLS, task_definition, task_definitions_of_services
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item

# <registry>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]/<repository>[:<tag>][@<digest>]
ECR_IMAGE = re.compile(
    r"^(?P<registry>\d{12})\.dkr\.ecr(?:-fips)?\.(?P<region>[a-z0-9-]+)\.amazonaws\.com(?:\.cn)?/"
    r"(?P<repository>[^:@]+)(?::(?P<tag>[^@]+))?(?:@(?P<digest>sha256:[0-9a-f]{64}))?$"
)


def lifecycle_policy(api: Api, repository: str) -> dict[str, Any] | None:
    """The repository's lifecycle policy; None when it has none (LifecyclePolicyNotFoundException is data)."""
    response = api.optional(
        "get_lifecycle_policy", absent=("LifecyclePolicyNotFoundException",), repositoryName=repository
    )
    if response is None:
        return None
    return {
        "lifecyclePolicyText": response.get("lifecyclePolicyText"),
        "lastEvaluatedAt": response.get("lastEvaluatedAt"),
    }


def collect_repositories(api: Api) -> Iterator[Item]:
    for repository in api.paginate("describe_repositories", "repositories"):
        builder = api.resource(repository["repositoryArn"], repository["repositoryName"], repository)
        builder.aspect("LifecyclePolicy", lifecycle_policy, api, repository["repositoryName"])
        yield builder.build()


def collect_registry_scanning(api: Api) -> Iterator[Item]:
    response = api.call("get_registry_scanning_configuration")
    registry = str(response.get("registryId", api.account_id))
    data = {"registryId": registry, "scanningConfiguration": response.get("scanningConfiguration", {})}
    yield api.resource(f"{api.region}/{registry}", registry, data).build()


def parse_ecr_image(image: str) -> dict[str, str] | None:
    """Registry, region, repository and image id of an ECR image reference; None for any other registry.
    A reference with neither tag nor digest means the tag `latest`, as Docker reads it."""
    match = ECR_IMAGE.match(image)
    if match is None:
        return None
    parts = {k: v for k, v in match.groupdict().items() if v is not None}
    if "tag" not in parts and "digest" not in parts:
        parts["tag"] = "latest"
    return parts


def scan_findings(api: Api, image: dict[str, str]) -> dict[str, Any] | None:
    """Scan status and severity counts of one image; None when the image was never scanned."""
    image_id = {"imageDigest": image["digest"]} if "digest" in image else {"imageTag": image["tag"]}
    response = api.optional(
        "describe_image_scan_findings",
        absent=("ScanNotFoundException",),
        registryId=image["registry"],
        repositoryName=image["repository"],
        imageId=image_id,
        maxResults=1,  # the severity counts cover every finding; the list itself is not needed
    )
    if response is None:
        return None
    findings = response.get("imageScanFindings", {})
    return {
        "imageId": response.get("imageId", image_id),
        "imageScanStatus": response.get("imageScanStatus", {}),
        "findingSeverityCounts": findings.get("findingSeverityCounts", {}),
        "imageScanCompletedAt": findings.get("imageScanCompletedAt"),
    }


def collect_images_in_use(api: Api) -> Iterator[Item]:
    images: dict[str, set[str]] = {}
    for arn in task_definitions_of_services(api, service="ecs"):
        definition = task_definition(api, arn, service="ecs")
        for container in definition.get("containerDefinitions", []):
            images.setdefault(str(container.get("image", "")), set()).add(arn)
    for reference, task_definitions in sorted(images.items()):
        parsed = parse_ecr_image(reference)
        data: dict[str, Any] = {"Image": reference, "UsedBy": sorted(task_definitions), "Ecr": parsed}
        builder = api.resource(f"{api.region}/image/{reference}", reference, data)
        # Only this region's registries can be asked from this region's client; another account's
        # registry answers if its repository policy lets this account read it, else the aspect is an ERROR.
        if parsed is not None and parsed["region"] == api.region:
            builder.aspect("ScanFindings", scan_findings, api, parsed)
        yield builder.build()


DATASETS = (
    Dataset(
        name="ecr.repositories",
        service="ecr",
        reach=Reach.REGIONAL,
        description="ECR repositories with scan-on-push, tag mutability and their lifecycle policy.",
        calls={
            "DescribeRepositories": "ecr:DescribeRepositories",
            "GetLifecyclePolicy": "ecr:GetLifecyclePolicy",
        },
        collect=collect_repositories,
    ),
    Dataset(
        name="ecr.registry-scanning",
        service="ecr",
        reach=Reach.REGIONAL,
        description="The private registry's scanning configuration (basic or enhanced, with its rules).",
        calls={"GetRegistryScanningConfiguration": "ecr:GetRegistryScanningConfiguration"},
        collect=collect_registry_scanning,
    ),
    Dataset(
        name="ecr.images-in-use",
        service="ecr",
        reach=Reach.REGIONAL,
        description="Images the task definitions of running services reference, with their ECR scan status "
        "and finding counts by severity.",
        calls={
            **SERVICE_CALLS,
            "DescribeTaskDefinition": "ecs:DescribeTaskDefinition",
            "DescribeImageScanFindings": "ecr:DescribeImageScanFindings",
        },
        collect=collect_images_in_use,
    ),
)
