"""CloudFront: distributions with their cache behaviours, origins, viewer certificate and web ACL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def _distribution_summaries(api: Api) -> Iterator[dict[str, Any]]:
    """Every DistributionSummary. The list is nested (DistributionList.Items), so Api.paginate's top-level
    result key cannot reach it: follow NextMarker by hand."""
    marker: str | None = None
    seen: set[str] = set()
    while True:
        page = api.call("list_distributions", **({"Marker": marker} if marker else {}))["DistributionList"]
        yield from page.get("Items") or []
        marker = page.get("NextMarker")
        if not page.get("IsTruncated") or not marker or marker in seen:
            return
        seen.add(marker)


def tags(api: Api, distribution_arn: str) -> dict[str, str]:
    """The distribution's tags as a mapping (designation tags such as controlmap:criticality)."""
    listed = (api.call("list_tags_for_resource", Resource=distribution_arn).get("Tags") or {}).get("Items")
    return {t["Key"]: t.get("Value", "") for t in listed or []}


def collect_distributions(api: Api) -> Iterator[Item]:
    # The summary already holds every setting the checks judge (behaviours, origins, certificate, WebACLId),
    # so no GetDistribution per distribution is needed; only the tags are read per distribution.
    for summary in _distribution_summaries(api):
        builder = api.resource(summary["ARN"], summary["Id"], summary)
        builder.aspect("Tags", tags, api, summary["ARN"])
        yield builder.build()


DATASETS = (
    Dataset(
        name="cloudfront.distributions",
        service="cloudfront",
        reach=Reach.GLOBAL,
        description="CloudFront distributions: viewer protocol policy of every cache behaviour, origins and "
        "their protocol policy, viewer certificate and minimum TLS version, the associated web ACL, and the "
        "distribution's tags.",
        calls={
            "ListDistributions": "cloudfront:ListDistributions",
            "ListTagsForResource": "cloudfront:ListTagsForResource",
        },
        collect=collect_distributions,
    ),
)
