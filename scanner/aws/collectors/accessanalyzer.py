"""IAM Access Analyzer: the analyzers of each region, with their type (account or organization) and status."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def collect_analyzers(api: Api) -> Iterator[Item]:
    # ListAnalyzers without a type filter lists every analyzer of the region: external-access analyzers
    # (ACCOUNT, ORGANIZATION) and unused-access ones (their *_UNUSED_ACCESS types), with status.
    for analyzer in api.paginate("list_analyzers", "analyzers"):
        yield api.resource(analyzer["arn"], analyzer["name"], analyzer).build()


DATASETS = (
    Dataset(
        name="accessanalyzer.analyzers",
        service="accessanalyzer",
        reach=Reach.REGIONAL,
        description="IAM Access Analyzer analyzers in the region with their type (account or organization "
        "zone of trust) and status.",
        calls={"ListAnalyzers": "access-analyzer:ListAnalyzers"},
        collect=collect_analyzers,
    ),
)
