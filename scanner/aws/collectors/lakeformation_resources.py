"""Lake Formation: the S3 locations registered with Lake Formation, with their access mode."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def collect_resources(api: Api) -> Iterator[Item]:
    for resource in api.paginate("list_resources", "ResourceInfoList"):
        arn = resource["ResourceArn"]
        yield api.resource(arn, arn.split(":::", 1)[-1], resource).build()


DATASETS = (
    Dataset(
        name="lakeformation.resources",
        service="lakeformation",
        reach=Reach.REGIONAL,
        description="S3 locations registered with Lake Formation in the region, the role reading them and "
        "whether hybrid access mode is on.",
        calls={"ListResources": "lakeformation:ListResources"},
        collect=collect_resources,
    ),
)
