"""AWS Systems Manager Incident Manager: the response plans."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def collect_response_plans(api: Api) -> Iterator[Item]:
    for plan in api.paginate("list_response_plans", "responsePlanSummaries"):
        yield api.resource(plan["arn"], plan.get("name") or plan["arn"], plan).build()


DATASETS = (
    Dataset(
        name="ssm-incidents.response-plans",
        service="ssm-incidents",
        reach=Reach.REGIONAL,
        description="AWS Systems Manager Incident Manager response plans.",
        calls={"ListResponsePlans": "ssm-incidents:ListResponsePlans"},
        collect=collect_response_plans,
    ),
)
