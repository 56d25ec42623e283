"""ECS clusters with their settings (Container Insights) and services with their network configuration."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.collectors.base import Api, Dataset, Reach
from scanner.collectors.ecs import SERVICE_CALLS, SERVICES_PER_CALL, _batches
from scanner.inventory import Item

# DescribeClusters takes at most 100 clusters per call.
CLUSTERS_PER_CALL = 100


def _raise_on_failures(operation: str, response: dict[str, Any]) -> None:
    """A resource deleted between the listing and the describe call (MISSING) is gone; any other failure
    leaves a resource unread, so the whole dataset is unavailable rather than silently incomplete."""
    failures = [f for f in response.get("failures", []) if f.get("reason") != "MISSING"]
    if failures:
        raise RuntimeError(f"{operation} could not describe {failures}")


def collect_clusters(api: Api) -> Iterator[Item]:
    arns = api.paginate("list_clusters", "clusterArns")
    for batch in _batches(arns, CLUSTERS_PER_CALL):
        response = api.call("describe_clusters", clusters=batch, include=["SETTINGS"])
        _raise_on_failures("DescribeClusters", response)
        for cluster in response.get("clusters", []):
            data = {
                "ClusterArn": cluster["clusterArn"],
                "Status": cluster.get("status"),
                "Settings": {s["name"]: s.get("value") for s in cluster.get("settings", []) if "name" in s},
            }
            yield api.resource(cluster["clusterArn"], cluster.get("clusterName", ""), data).build()


def collect_services(api: Api) -> Iterator[Item]:
    for cluster in api.paginate("list_clusters", "clusterArns"):
        arns = api.paginate("list_services", "serviceArns", cluster=cluster)
        for batch in _batches(arns, SERVICES_PER_CALL):
            response = api.call("describe_services", cluster=cluster, services=batch)
            _raise_on_failures("DescribeServices", response)
            for service in response.get("services", []):
                data = {
                    "ServiceArn": service["serviceArn"],
                    "Cluster": cluster,
                    "LaunchType": service.get("launchType"),
                    "CapacityProviderStrategy": service.get("capacityProviderStrategy", []),
                    "NetworkConfiguration": service.get("networkConfiguration") or {},
                }
                yield api.resource(service["serviceArn"], service.get("serviceName", ""), data).build()


DATASETS = (
    Dataset(
        name="ecs.clusters",
        service="ecs",
        reach=Reach.REGIONAL,
        description="ECS clusters with their settings (Container Insights).",
        calls={"ListClusters": "ecs:ListClusters", "DescribeClusters": "ecs:DescribeClusters"},
        collect=collect_clusters,
    ),
    Dataset(
        name="ecs.services",
        service="ecs",
        reach=Reach.REGIONAL,
        description="ECS services of every cluster with their launch type and awsvpc network configuration.",
        calls=dict(SERVICE_CALLS),
        collect=collect_services,
    ),
)
