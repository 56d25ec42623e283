"""EKS clusters with their endpoint access, control plane logging and secrets encryption configuration."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def cluster(api: Api, name: str) -> dict[str, Any]:
    """The cluster's endpoint access (resourcesVpcConfig), logging and encryptionConfig as DescribeCluster
    reports them."""
    described: dict[str, Any] = api.call("describe_cluster", name=name)["cluster"]
    return {
        "ResourcesVpcConfig": described.get("resourcesVpcConfig") or {},
        "Logging": described.get("logging") or {},
        "EncryptionConfig": described.get("encryptionConfig") or [],
        "Status": described.get("status"),
    }


def collect_clusters(api: Api) -> Iterator[Item]:
    for name in api.paginate("list_clusters", "clusters"):
        arn = f"arn:{api.partition}:eks:{api.region}:{api.account_id}:cluster/{name}"
        builder = api.resource(arn, name, {"ClusterName": name})
        builder.aspect("Cluster", cluster, api, name)
        yield builder.build()


DATASETS = (
    Dataset(
        name="eks.clusters",
        service="eks",
        reach=Reach.REGIONAL,
        description="EKS clusters with endpoint access, control plane logging and secrets encryption.",
        calls={"ListClusters": "eks:ListClusters", "DescribeCluster": "eks:DescribeCluster"},
        collect=collect_clusters,
    ),
)
