"""ECS clusters with their settings (Container Insights) and services with their network configuration."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.aws.collectors.base import Api
from scanner.aws.collectors.ecs import SERVICE_CALLS, _batches, described_services, raise_on_failures
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item

# DescribeClusters takes at most 100 clusters per call.
CLUSTERS_PER_CALL = 100


def collect_clusters(api: Api) -> Iterator[Item]:
    arns = api.paginate("list_clusters", "clusterArns")
    for batch in _batches(arns, CLUSTERS_PER_CALL):
        response = api.call("describe_clusters", clusters=batch, include=["SETTINGS"])
        raise_on_failures("DescribeClusters", response)
        for cluster in response.get("clusters", []):
            data = {
                "ClusterArn": cluster["clusterArn"],
                "Status": cluster.get("status"),
                "Settings": {s["name"]: s.get("value") for s in cluster.get("settings", []) if "name" in s},
            }
            yield api.resource(cluster["clusterArn"], cluster.get("clusterName", ""), data).build()


def collect_services(api: Api) -> Iterator[Item]:
    for cluster, service in described_services(api):
        data = {
            "ServiceArn": service["serviceArn"],
            "Cluster": cluster,
            "LaunchType": service.get("launchType"),
            "CapacityProviderStrategy": service.get("capacityProviderStrategy", []),
            "PlatformVersion": service.get("platformVersion"),
            "PlatformFamily": service.get("platformFamily"),
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
        description="ECS services of every cluster with their launch type, Fargate platform version and "
        "awsvpc network configuration.",
        calls=dict(SERVICE_CALLS),
        collect=collect_services,
    ),
)
