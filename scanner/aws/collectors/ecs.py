"""ECS: task definition revisions (the latest ACTIVE one of every family and those services run) and container
instances with the AMI they run."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from email.utils import parsedate_to_datetime
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.evidence import redact
from scanner.inventory import Item

# DescribeServices takes at most 10 services, DescribeContainerInstances at most 100 instances per call.
SERVICES_PER_CALL = 10
INSTANCES_PER_CALL = 100

SERVICE_CALLS = {
    "ListClusters": "ecs:ListClusters",
    "ListServices": "ecs:ListServices",
    "DescribeServices": "ecs:DescribeServices",
}


def _batches(values: Sequence[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(values), size):
        yield list(values[start : start + size])


def raise_on_failures(operation: str, response: dict[str, Any]) -> None:
    """A resource deleted between the listing and the describe call (MISSING) is gone; any other failure
    leaves a resource unread, so the whole dataset is unavailable rather than silently incomplete."""
    failures = [f for f in response.get("failures", []) if f.get("reason") != "MISSING"]
    if failures:
        raise RuntimeError(f"{operation} could not describe {failures}")


def described_services(api: Api, *, service: str = "ecs") -> Iterator[tuple[str, dict[str, Any]]]:
    """(cluster ARN, DescribeServices entry) for every service of every cluster of the region."""
    for cluster in api.paginate("list_clusters", "clusterArns", service=service):
        arns = api.paginate("list_services", "serviceArns", service=service, cluster=cluster)
        for batch in _batches(arns, SERVICES_PER_CALL):
            response = api.call("describe_services", service=service, cluster=cluster, services=batch)
            raise_on_failures("DescribeServices", response)
            for described in response.get("services", []):
                yield cluster, described


def task_definitions_of_services(api: Api, *, service: str = "ecs") -> dict[str, list[str]]:
    """Task definition ARN -> the services running it, across every cluster of the region.

    Every deployment of a service counts (during a rolling update the old and the new revision both run).
    A service that could not be described fails the listing (see `raise_on_failures`): it might run a
    revision nobody looks at.
    """
    used: dict[str, list[str]] = {}
    for _, svc in described_services(api, service=service):
        revisions = {d["taskDefinition"] for d in svc.get("deployments", []) if "taskDefinition" in d}
        revisions.add(svc["taskDefinition"])
        for revision in revisions:
            used.setdefault(revision, []).append(svc["serviceArn"])
    return used


def task_definition(api: Api, arn: str, *, service: str = "ecs") -> dict[str, Any]:
    """One revision, with secret-named environment values redacted before it enters the inventory (the
    evidence store redacts the stored response the same way)."""
    response = api.call("describe_task_definition", service=service, taskDefinition=arn)
    redacted: dict[str, Any] = redact(response["taskDefinition"])
    return redacted


def _latest_active(api: Api, family: str) -> str | None:
    arns = api.call(
        "list_task_definitions", familyPrefix=family, status="ACTIVE", sort="DESC", maxResults=1
    ).get("taskDefinitionArns", [])
    # The newest revision even where sort and maxResults are not honoured (moto ignores both).
    return max(arns, key=lambda arn: int(arn.rsplit(":", 1)[-1]), default=None)


def collect_task_definitions(api: Api) -> Iterator[Item]:
    used = task_definitions_of_services(api)
    services_evidence = list(api.listing_evidence)
    latest: dict[str, list[str]] = {}  # ARN -> the evidence of the listing that named it
    for family in api.paginate("list_task_definition_families", "families", status="ACTIVE"):
        before = len(api.listing_evidence)
        arn = _latest_active(api, family)
        if arn is not None:
            latest[arn] = api.listing_evidence[before:]
    for arn in sorted(set(latest) | set(used)):
        family_revision = arn.rsplit("/", 1)[-1]
        data = {
            "TaskDefinitionArn": arn,
            "LatestActiveRevision": arn in latest,
            "UsedByServices": sorted(used.get(arn, [])),
        }
        builder = api.resource(arn, family_revision, data)
        builder.aspect("TaskDefinition", task_definition, api, arn)
        listing = [*(services_evidence if arn in used else ()), *latest.get(arn, ())]
        yield builder.build(listing=listing)


def _attribute(instance: dict[str, Any], name: str) -> str | None:
    for attribute in instance.get("attributes", []):
        if attribute.get("name") == name:
            return str(attribute.get("value")) if attribute.get("value") is not None else None
    return None


def ami(api: Api, image_id: str | None) -> dict[str, Any] | None:
    """The AMI's creation date, and AWS's own clock at the moment of asking (the HTTP Date header), so the
    age is measured against the time of the scan and stays the same when the run is re-evaluated.

    None when the instance reports no AMI, or the AMI is gone or not visible to this account."""
    if image_id is None:
        return None
    response = api.optional(
        "describe_images",
        service="ec2",
        absent=("InvalidAMIID.NotFound", "InvalidAMIID.Unavailable"),
        ImageIds=[image_id],
    )
    images = (response or {}).get("Images", [])
    if not images or response is None:
        return None
    checked_at = parsedate_to_datetime(response["ResponseMetadata"]["HTTPHeaders"]["date"])
    image = images[0]
    return {
        "ImageId": image["ImageId"],
        "Name": image.get("Name"),
        "CreationDate": image["CreationDate"],
        "DeprecationTime": image.get("DeprecationTime"),
        "CheckedAt": checked_at.isoformat(),
    }


def collect_container_instances(api: Api) -> Iterator[Item]:
    for cluster in api.paginate("list_clusters", "clusterArns"):
        arns = api.paginate("list_container_instances", "containerInstanceArns", cluster=cluster)
        for batch in _batches(arns, INSTANCES_PER_CALL):
            response = api.call("describe_container_instances", cluster=cluster, containerInstances=batch)
            for instance in response.get("containerInstances", []):
                image_id = _attribute(instance, "ecs.ami-id")
                data = {
                    "Cluster": cluster,
                    "Ec2InstanceId": instance.get("ec2InstanceId"),
                    "Status": instance.get("status"),
                    "AgentConnected": instance.get("agentConnected"),
                    "VersionInfo": instance.get("versionInfo", {}),
                    "AmiId": image_id,
                }
                builder = api.resource(
                    instance["containerInstanceArn"], str(instance.get("ec2InstanceId", "")), data
                )
                builder.aspect("Ami", ami, api, image_id)
                yield builder.build()


DATASETS = (
    Dataset(
        name="ecs.task-definitions",
        service="ecs",
        reach=Reach.REGIONAL,
        description="Task definition revisions: the latest ACTIVE revision of every family and every "
        "revision a service runs (all deployments), with secret-named environment values redacted.",
        calls={
            **SERVICE_CALLS,
            "ListTaskDefinitionFamilies": "ecs:ListTaskDefinitionFamilies",
            "ListTaskDefinitions": "ecs:ListTaskDefinitions",
            "DescribeTaskDefinition": "ecs:DescribeTaskDefinition",
        },
        collect=collect_task_definitions,
    ),
    Dataset(
        name="ecs.container-instances",
        service="ecs",
        reach=Reach.REGIONAL,
        description="EC2 container instances of every cluster, with the AMI each runs and its creation date.",
        calls={
            "ListClusters": "ecs:ListClusters",
            "ListContainerInstances": "ecs:ListContainerInstances",
            "DescribeContainerInstances": "ecs:DescribeContainerInstances",
            "DescribeImages": "ec2:DescribeImages",
        },
        collect=collect_container_instances,
    ),
)
