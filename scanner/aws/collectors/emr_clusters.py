"""Amazon EMR: active clusters with their security configuration, and the region's block public access."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item

# Clusters that run or can still run work; terminated ones keep their settings but expose nothing.
ACTIVE_STATES = ["STARTING", "BOOTSTRAPPING", "RUNNING", "WAITING"]


def cluster_detail(api: Api, cluster_id: str) -> dict[str, Any]:
    cluster: dict[str, Any] = api.call("describe_cluster", ClusterId=cluster_id)["Cluster"]
    return cluster


def security_configuration(api: Api, name: str) -> dict[str, Any]:
    """The configuration document, parsed (DescribeSecurityConfiguration returns it as a JSON string)."""
    document = api.call("describe_security_configuration", Name=name).get("SecurityConfiguration") or "{}"
    parsed: dict[str, Any] = json.loads(document)
    return parsed


def collect_clusters(api: Api) -> Iterator[Item]:
    for summary in api.paginate("list_clusters", "Clusters", ClusterStates=ACTIVE_STATES):
        builder = api.resource(summary["ClusterArn"], summary.get("Name") or summary["Id"], summary)
        builder.aspect("Cluster", cluster_detail, api, summary["Id"])
        # Only the security configuration a cluster uses matters; it is read as part of the cluster.
        configuration = (builder.data.get("Cluster") or {}).get("SecurityConfiguration")
        if configuration:
            builder.aspect("SecurityConfigurationDocument", security_configuration, api, configuration)
        yield builder.build()


def collect_block_public_access(api: Api) -> Iterator[Item]:
    response = api.call("get_block_public_access_configuration")
    data = {
        "BlockPublicAccessConfiguration": response.get("BlockPublicAccessConfiguration") or {},
        "Metadata": response.get("BlockPublicAccessConfigurationMetadata") or {},
    }
    yield api.resource(f"{api.account_id}/{api.region}/emr-block-public-access", api.region, data).build()


DATASETS = (
    Dataset(
        name="emr.clusters",
        service="emr",
        reach=Reach.REGIONAL,
        description="Active EMR clusters (starting, bootstrapping, running, waiting) with their release, "
        "log URI and security configuration (the parsed document it names).",
        calls={
            "ListClusters": "elasticmapreduce:ListClusters",
            "DescribeCluster": "elasticmapreduce:DescribeCluster",
            "DescribeSecurityConfiguration": "elasticmapreduce:DescribeSecurityConfiguration",
        },
        collect=collect_clusters,
    ),
    Dataset(
        name="emr.block-public-access",
        service="emr",
        reach=Reach.REGIONAL,
        description="The region's EMR block public access configuration and its permitted port ranges.",
        calls={"GetBlockPublicAccessConfiguration": "elasticmapreduce:GetBlockPublicAccessConfiguration"},
        collect=collect_block_public_access,
    ),
)
