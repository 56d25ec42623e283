"""AWS Config: recorders with their status, delivery channels, rules and aggregators in each region."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def recorder_status(api: Api, name: str) -> dict[str, Any]:
    statuses = api.call("describe_configuration_recorder_status", ConfigurationRecorderNames=[name])
    found: list[dict[str, Any]] = statuses.get("ConfigurationRecordersStatus", [])
    return found[0] if found else {}


def collect_recorders(api: Api) -> Iterator[Item]:
    for recorder in api.call("describe_configuration_recorders").get("ConfigurationRecorders", []):
        name = recorder["name"]
        arn = (
            recorder.get("arn") or f"arn:{api.partition}:config:{api.region}:{api.account_id}:recorder/{name}"
        )
        builder = api.resource(arn, name, recorder)
        builder.aspect("Status", recorder_status, api, name)
        yield builder.build()


def channel_status(api: Api, name: str) -> dict[str, Any]:
    statuses = api.call("describe_delivery_channel_status", DeliveryChannelNames=[name])
    found: list[dict[str, Any]] = statuses.get("DeliveryChannelsStatus", [])
    return found[0] if found else {}


def collect_delivery_channels(api: Api) -> Iterator[Item]:
    for channel in api.call("describe_delivery_channels").get("DeliveryChannels", []):
        name = channel["name"]
        builder = api.resource(f"{api.account_id}/{api.region}/delivery-channel/{name}", name, channel)
        builder.aspect("Status", channel_status, api, name)
        yield builder.build()


def collect_rules(api: Api) -> Iterator[Item]:
    # Rules deployed by an organization config rule or a conformance pack are listed here too.
    for rule in api.paginate("describe_config_rules", "ConfigRules"):
        yield api.resource(rule["ConfigRuleArn"], rule["ConfigRuleName"], rule).build()


def aggregator_sources_status(api: Api, name: str) -> list[dict[str, Any]]:
    """The last update status of each source account and region the aggregator collects from."""
    statuses: list[dict[str, Any]] = api.paginate(
        "describe_configuration_aggregator_sources_status",
        "AggregatedSourceStatusList",
        ConfigurationAggregatorName=name,
    )
    return statuses


def collect_aggregators(api: Api) -> Iterator[Item]:
    for aggregator in api.paginate("describe_configuration_aggregators", "ConfigurationAggregators"):
        arn = aggregator["ConfigurationAggregatorArn"]
        name = aggregator["ConfigurationAggregatorName"]
        builder = api.resource(arn, name, aggregator)
        builder.aspect("SourcesStatus", aggregator_sources_status, api, name)
        yield builder.build()


DATASETS = (
    Dataset(
        name="config.recorders",
        service="config",
        reach=Reach.REGIONAL,
        description="Configuration recorders in the region with what they record and whether they are "
        "recording.",
        calls={
            "DescribeConfigurationRecorders": "config:DescribeConfigurationRecorders",
            "DescribeConfigurationRecorderStatus": "config:DescribeConfigurationRecorderStatus",
        },
        collect=collect_recorders,
    ),
    Dataset(
        name="config.delivery-channels",
        service="config",
        reach=Reach.REGIONAL,
        description="Config delivery channels in the region: target bucket and last delivery status.",
        calls={
            "DescribeDeliveryChannels": "config:DescribeDeliveryChannels",
            "DescribeDeliveryChannelStatus": "config:DescribeDeliveryChannelStatus",
        },
        collect=collect_delivery_channels,
    ),
    Dataset(
        name="config.rules",
        service="config",
        reach=Reach.REGIONAL,
        description="Config rules in the region, including those deployed by organization rules and "
        "conformance packs.",
        calls={"DescribeConfigRules": "config:DescribeConfigRules"},
        collect=collect_rules,
    ),
    Dataset(
        name="config.aggregators",
        service="config",
        reach=Reach.REGIONAL,
        description="Configuration aggregators in the region with their account or organization sources "
        "and the last update status of each source.",
        calls={
            "DescribeConfigurationAggregators": "config:DescribeConfigurationAggregators",
            "DescribeConfigurationAggregatorSourcesStatus": (
                "config:DescribeConfigurationAggregatorSourcesStatus"
            ),
        },
        collect=collect_aggregators,
    ),
)
