"""Amazon MWAA (managed Apache Airflow): environments with their web server access mode, logging and key."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def environment_detail(api: Api, name: str) -> dict[str, Any]:
    environment: dict[str, Any] = api.call("get_environment", Name=name)["Environment"]
    return environment


def collect_environments(api: Api) -> Iterator[Item]:
    for name in api.paginate("list_environments", "Environments"):
        arn = f"arn:{api.partition}:airflow:{api.region}:{api.account_id}:environment/{name}"
        builder = api.resource(arn, name, {"Name": name})
        builder.aspect("Environment", environment_detail, api, name)
        yield builder.build()


DATASETS = (
    Dataset(
        name="mwaa.environments",
        service="mwaa",
        reach=Reach.REGIONAL,
        description="MWAA environments with their web server access mode, CloudWatch logging configuration "
        "per log type, and KMS key.",
        calls={"ListEnvironments": "airflow:ListEnvironments", "GetEnvironment": "airflow:GetEnvironment"},
        collect=collect_environments,
    ),
)
