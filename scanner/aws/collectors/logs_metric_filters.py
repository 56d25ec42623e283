"""CloudWatch Logs metric filters with the CloudWatch alarms watching each filter's metric."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def metric_alarms(api: Api, transformations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The alarms (metric alarms) on each metric the filter publishes, in this region."""
    alarms: list[dict[str, Any]] = []
    for transformation in transformations:
        response = api.call(
            "describe_alarms_for_metric",
            service="cloudwatch",
            MetricName=transformation["metricName"],
            Namespace=transformation["metricNamespace"],
        )
        alarms.extend(response.get("MetricAlarms", []))
    return alarms


def collect_metric_filters(api: Api) -> Iterator[Item]:
    for metric_filter in api.paginate("describe_metric_filters", "metricFilters"):
        group = metric_filter["logGroupName"]
        name = metric_filter["filterName"]
        arn = f"arn:{api.partition}:logs:{api.region}:{api.account_id}:log-group:{group}:metric-filter/{name}"
        builder = api.resource(arn, f"{group}/{name}", metric_filter)
        builder.aspect("Alarms", metric_alarms, api, metric_filter.get("metricTransformations") or [])
        yield builder.build()


DATASETS = (
    Dataset(
        name="logs.metric-filters",
        service="logs",
        reach=Reach.REGIONAL,
        description="CloudWatch Logs metric filters (log group, filter pattern, metrics) with the CloudWatch "
        "alarms on each filter's metric.",
        calls={
            "DescribeMetricFilters": "logs:DescribeMetricFilters",
            "DescribeAlarmsForMetric": "cloudwatch:DescribeAlarmsForMetric",
        },
        collect=collect_metric_filters,
    ),
)
