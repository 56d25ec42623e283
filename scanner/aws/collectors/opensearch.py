"""OpenSearch Service: domains with their encryption, endpoint, access control, network and log settings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def domain_status(api: Api, name: str) -> dict[str, Any]:
    status: dict[str, Any] = api.call("describe_domain", DomainName=name)["DomainStatus"]
    return status


def collect_domains(api: Api) -> Iterator[Item]:
    # ListDomainNames is not paginated and returns OpenSearch and Elasticsearch domains alike.
    for listed in api.call("list_domain_names").get("DomainNames", []):
        name = listed["DomainName"]
        arn = f"arn:{api.partition}:es:{api.region}:{api.account_id}:domain/{name}"
        builder = api.resource(arn, name, listed)
        builder.aspect("Domain", domain_status, api, name)
        yield builder.build()


DATASETS = (
    Dataset(
        name="opensearch.domains",
        service="opensearch",
        reach=Reach.REGIONAL,
        description="OpenSearch Service domains: encryption at rest and node to node, HTTPS enforcement and "
        "TLS policy, fine-grained access control, VPC placement and log publishing.",
        calls={"ListDomainNames": "es:ListDomainNames", "DescribeDomain": "es:DescribeDomain"},
        collect=collect_domains,
    ),
)
