"""Lake Formation: the data lake settings (administrators, default permissions for new databases and tables).

Existing grants to IAM_ALLOWED_PRINCIPALS are not collected: ListPermissions answers only with what the
caller itself may see, so an audit role that is not a Lake Formation administrator would read "no grants"
where there are some.
"""

from __future__ import annotations

from collections.abc import Iterator

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def collect_settings(api: Api) -> Iterator[Item]:
    # The account's own catalog (CatalogId defaults to the caller's account) in this region.
    settings = api.call("get_data_lake_settings")["DataLakeSettings"]
    arn = f"arn:{api.partition}:lakeformation:{api.region}:{api.account_id}:catalog:{api.account_id}"
    yield api.resource(arn, f"data lake settings {api.region}", dict(settings)).build()


DATASETS = (
    Dataset(
        name="lakeformation.settings",
        service="lakeformation",
        reach=Reach.REGIONAL,
        description="Lake Formation data lake settings: administrators and the default permissions given to "
        "new databases and tables.",
        calls={"GetDataLakeSettings": "lakeformation:GetDataLakeSettings"},
        collect=collect_settings,
    ),
)
